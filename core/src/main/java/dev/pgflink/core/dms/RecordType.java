package dev.pgflink.core.dms;

/** The {@code metadata.record-type} of a DMS Kinesis record. */
public enum RecordType {
    DATA("data"),
    CONTROL("control");

    private final String wireName;

    RecordType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as DMS writes it. */
    public String wireName() {
        return wireName;
    }

    /** The record type for a wire value, or {@code null} when DMS defines none by that name. */
    public static RecordType fromWireName(String value) {
        switch (value) {
            case "data":
                return DATA;
            case "control":
                return CONTROL;
            default:
                return null;
        }
    }
}
