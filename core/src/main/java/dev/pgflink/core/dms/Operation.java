package dev.pgflink.core.dms;

/** The {@code metadata.operation} of a DMS Kinesis record, and the record type it belongs to. */
public enum Operation {
    LOAD("load", RecordType.DATA),
    INSERT("insert", RecordType.DATA),
    UPDATE("update", RecordType.DATA),
    DELETE("delete", RecordType.DATA),
    CREATE_TABLE("create-table", RecordType.CONTROL),
    RENAME_TABLE("rename-table", RecordType.CONTROL),
    DROP_TABLE("drop-table", RecordType.CONTROL),
    CHANGE_COLUMNS("change-columns", RecordType.CONTROL),
    ADD_COLUMN("add-column", RecordType.CONTROL),
    DROP_COLUMN("drop-column", RecordType.CONTROL),
    RENAME_COLUMN("rename-column", RecordType.CONTROL),
    COLUMN_TYPE_CHANGE("column-type-change", RecordType.CONTROL);

    private final String wireName;
    private final RecordType recordType;

    Operation(String wireName, RecordType recordType) {
        this.wireName = wireName;
        this.recordType = recordType;
    }

    /** The value as DMS writes it. */
    public String wireName() {
        return wireName;
    }

    /** Data operations appear only on data records, DDL operations only on control records. */
    public RecordType recordType() {
        return recordType;
    }

    /** The operation for a wire value, or {@code null} when DMS defines none by that name. */
    public static Operation fromWireName(String value) {
        // A string switch rather than a map: it runs once per record on the hot path.
        switch (value) {
            case "insert":
                return INSERT;
            case "update":
                return UPDATE;
            case "delete":
                return DELETE;
            case "load":
                return LOAD;
            case "create-table":
                return CREATE_TABLE;
            case "rename-table":
                return RENAME_TABLE;
            case "drop-table":
                return DROP_TABLE;
            case "change-columns":
                return CHANGE_COLUMNS;
            case "add-column":
                return ADD_COLUMN;
            case "drop-column":
                return DROP_COLUMN;
            case "rename-column":
                return RENAME_COLUMN;
            case "column-type-change":
                return COLUMN_TYPE_CHANGE;
            default:
                return null;
        }
    }
}
