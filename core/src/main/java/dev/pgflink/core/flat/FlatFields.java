package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The reserved names of the flat record. Every change-metadata field starts with two underscores
 * and a letter ({@code __op}, {@code __table}, …), as in Debezium's flattened records.
 *
 * <p>A source column whose name starts with two underscores would collide, so it is written with
 * one more underscore in front ({@code __op} becomes {@code ___op}, {@code ___x} becomes
 * {@code ____x}). The mapping is one-to-one and reversible ({@link #sourceColumnName}); a name
 * with two underscores and no third is always metadata.
 */
public final class FlatFields {
    /** Operation: {@code insert}, {@code update}, {@code delete}, {@code load}, or a control operation. */
    public static final String OPERATION = "__op";
    public static final String SCHEMA = "__schema";
    public static final String TABLE = "__table";
    /** The DMS timestamp: when DMS built the message. */
    public static final String TIMESTAMP = "__timestamp";
    /** Present when DMS sends transaction details. */
    public static final String COMMIT_TIMESTAMP = "__commit_timestamp";
    /** Present on CDC records (not on full-load records). */
    public static final String TRANSACTION_ID = "__transaction_id";
    /** Present when DMS sends transaction details. */
    public static final String TRANSACTION_RECORD_ID = "__transaction_record_id";
    /** Present when DMS sends transaction details. */
    public static final String STREAM_POSITION = "__stream_position";
    /** The before-image object of an update, when DMS sends one. */
    public static final String BEFORE_IMAGE = "__before";
    /** The control details object of a control record, when DMS sends one. */
    public static final String CONTROL = "__control";

    static final SerializableString OPERATION_NAME = new SerializedString(OPERATION);
    static final SerializableString SCHEMA_NAME = new SerializedString(SCHEMA);
    static final SerializableString TABLE_NAME = new SerializedString(TABLE);
    static final SerializableString TIMESTAMP_NAME = new SerializedString(TIMESTAMP);
    static final SerializableString COMMIT_TIMESTAMP_NAME = new SerializedString(COMMIT_TIMESTAMP);
    static final SerializableString TRANSACTION_ID_NAME = new SerializedString(TRANSACTION_ID);
    static final SerializableString TRANSACTION_RECORD_ID_NAME = new SerializedString(TRANSACTION_RECORD_ID);
    static final SerializableString STREAM_POSITION_NAME = new SerializedString(STREAM_POSITION);
    static final SerializableString BEFORE_IMAGE_NAME = new SerializedString(BEFORE_IMAGE);
    static final SerializableString CONTROL_NAME = new SerializedString(CONTROL);

    private FlatFields() {
    }

    /** The flat-record name of a source column. */
    public static String flatColumnName(String sourceColumn) {
        return startsWithTwoUnderscores(sourceColumn) ? "_" + sourceColumn : sourceColumn;
    }

    /** The source column of a flat-record field, or null when the field is change metadata. */
    public static String sourceColumnName(String flatName) {
        if (!startsWithTwoUnderscores(flatName)) {
            return flatName;
        }
        return flatName.length() > 2 && flatName.charAt(2) == '_' ? flatName.substring(1) : null;
    }

    /** True for the names this class reserves for change metadata. */
    public static boolean isMetadataField(String flatName) {
        return sourceColumnName(flatName) == null;
    }

    static boolean startsWithTwoUnderscores(String name) {
        return name.length() > 1 && name.charAt(0) == '_' && name.charAt(1) == '_';
    }
}
