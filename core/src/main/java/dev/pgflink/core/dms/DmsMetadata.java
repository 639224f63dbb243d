package dev.pgflink.core.dms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The {@code metadata} object of a DMS record: every field DMS defines, plus any field it does
 * not define, kept as it came. Timestamps keep their text; their instants are parsed once.
 */
public final class DmsMetadata {
    private final String timestamp;
    private final long timestampMicros;
    private final RecordType recordType;
    private final Operation operation;
    private final String partitionKeyType;
    private final String partitionKeyValue;
    private final String schemaName;
    private final String tableName;
    private final Long transactionId;
    private final Long transactionRecordId;
    private final Long prevTransactionId;
    private final Long prevTransactionRecordId;
    private final String commitTimestamp;
    private final long commitTimestampMicros;
    private final String streamPosition;
    /** Null when there are none: almost every record, so no empty node is made for it. */
    private final ObjectNode extraFields;

    private DmsMetadata(Builder b) {
        this.timestamp = Objects.requireNonNull(b.timestamp, "timestamp");
        this.timestampMicros = b.timestampMicros != null ? b.timestampMicros : parse("timestamp", b.timestamp);
        this.recordType = Objects.requireNonNull(b.recordType, "recordType");
        this.operation = Objects.requireNonNull(b.operation, "operation");
        if (b.operation.recordType() != b.recordType) {
            throw new IllegalArgumentException("operation " + b.operation.wireName()
                    + " does not belong to a " + b.recordType.wireName() + " record");
        }
        this.partitionKeyType = b.partitionKeyType;
        this.partitionKeyValue = b.partitionKeyValue;
        this.schemaName = b.schemaName;
        this.tableName = b.tableName;
        this.transactionId = b.transactionId;
        this.transactionRecordId = b.transactionRecordId;
        this.prevTransactionId = b.prevTransactionId;
        this.prevTransactionRecordId = b.prevTransactionRecordId;
        this.commitTimestamp = b.commitTimestamp;
        this.commitTimestampMicros = b.commitTimestamp == null ? Long.MIN_VALUE
                : b.commitTimestampMicros != null ? b.commitTimestampMicros : parse("commit-timestamp", b.commitTimestamp);
        this.streamPosition = b.streamPosition;
        this.extraFields = b.extraFields;
    }

    private static long parse(String field, String text) {
        try {
            return DmsTimestamps.parseMicros(text);
        } catch (java.time.DateTimeException e) {
            throw new java.time.DateTimeException("'" + field + "': " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this metadata's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .timestamp(timestamp).recordType(recordType).operation(operation)
                .partitionKeyType(partitionKeyType).partitionKeyValue(partitionKeyValue)
                .schemaName(schemaName).tableName(tableName)
                .transactionId(transactionId).transactionRecordId(transactionRecordId)
                .prevTransactionId(prevTransactionId).prevTransactionRecordId(prevTransactionRecordId)
                .commitTimestamp(commitTimestamp).streamPosition(streamPosition)
                .extraFields(extraFields == null ? null : extraFields.deepCopy());
    }

    /** When DMS built the message (not the commit time), as DMS wrote it. */
    public String timestamp() {
        return timestamp;
    }

    public long timestampMicros() {
        return timestampMicros;
    }

    public RecordType recordType() {
        return recordType;
    }

    public Operation operation() {
        return operation;
    }

    /** {@code schema-table}, {@code primary-key}, {@code task-id}…; null when absent. */
    public String partitionKeyType() {
        return partitionKeyType;
    }

    /** Present only with IncludePartitionValue; null when absent. */
    public String partitionKeyValue() {
        return partitionKeyValue;
    }

    /** The source schema; null when absent, may be empty on control records. */
    public String schemaName() {
        return schemaName;
    }

    /** The source table; null when absent, may be empty on control records. */
    public String tableName() {
        return tableName;
    }

    /** The PostgreSQL xid; null on {@code load} records. */
    public Long transactionId() {
        return transactionId;
    }

    /** 1-based position inside the transaction (IncludeTransactionDetails); null when absent. */
    public Long transactionRecordId() {
        return transactionRecordId;
    }

    public Long prevTransactionId() {
        return prevTransactionId;
    }

    public Long prevTransactionRecordId() {
        return prevTransactionRecordId;
    }

    /** The commit time as DMS wrote it (IncludeTransactionDetails); null when absent. */
    public String commitTimestamp() {
        return commitTimestamp;
    }

    /** Opaque source position (IncludeTransactionDetails); null when absent. */
    public String streamPosition() {
        return streamPosition;
    }

    /** Fields DMS does not define, in the order they came; never null (a new empty node when there are none). */
    public ObjectNode extraFields() {
        return extraFields != null ? extraFields : JsonNodeFactory.instance.objectNode();
    }

    /** Event time: the commit time when DMS sent it, else the DMS timestamp. */
    public long eventTimeMicros() {
        return commitTimestamp != null ? commitTimestampMicros : timestampMicros;
    }

    public long eventTimeMillis() {
        return Math.floorDiv(eventTimeMicros(), 1_000L);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DmsMetadata)) {
            return false;
        }
        DmsMetadata that = (DmsMetadata) o;
        return timestamp.equals(that.timestamp)
                && recordType == that.recordType
                && operation == that.operation
                && Objects.equals(partitionKeyType, that.partitionKeyType)
                && Objects.equals(partitionKeyValue, that.partitionKeyValue)
                && Objects.equals(schemaName, that.schemaName)
                && Objects.equals(tableName, that.tableName)
                && Objects.equals(transactionId, that.transactionId)
                && Objects.equals(transactionRecordId, that.transactionRecordId)
                && Objects.equals(prevTransactionId, that.prevTransactionId)
                && Objects.equals(prevTransactionRecordId, that.prevTransactionRecordId)
                && Objects.equals(commitTimestamp, that.commitTimestamp)
                && Objects.equals(streamPosition, that.streamPosition)
                && extraFields().equals(that.extraFields());
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, recordType, operation, schemaName, tableName, transactionId,
                transactionRecordId, streamPosition);
    }

    @Override
    public String toString() {
        return recordType.wireName() + " " + operation.wireName() + " " + schemaName + "." + tableName
                + " at " + timestamp + (transactionId == null ? "" : " tx " + transactionId);
    }

    /** Builds metadata; {@link #build()} checks the fields DMS always writes. */
    public static final class Builder {
        private String timestamp;
        /** Known when the builder formatted the timestamp itself, so it is not parsed back. */
        private Long timestampMicros;
        private Long commitTimestampMicros;
        private RecordType recordType;
        private Operation operation;
        private String partitionKeyType;
        private String partitionKeyValue;
        private String schemaName;
        private String tableName;
        private Long transactionId;
        private Long transactionRecordId;
        private Long prevTransactionId;
        private Long prevTransactionRecordId;
        private String commitTimestamp;
        private String streamPosition;
        private ObjectNode extraFields;

        private Builder() {
        }

        public Builder timestamp(String timestamp) {
            this.timestamp = timestamp;
            this.timestampMicros = null;
            return this;
        }

        /** Sets the timestamp from epoch microseconds, formatted as DMS does (and not parsed back). */
        public Builder timestampMicros(long epochMicros) {
            this.timestamp = DmsTimestamps.formatMicros(epochMicros);
            this.timestampMicros = epochMicros;
            return this;
        }

        /** Sets the timestamp from an instant, formatted as DMS does (and not parsed back). */
        public Builder timestamp(java.time.Instant instant) {
            this.timestamp = DmsTimestamps.format(instant);
            this.timestampMicros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000L);
            return this;
        }

        public Builder recordType(RecordType recordType) {
            this.recordType = recordType;
            return this;
        }

        /** Sets the operation and, from it, the record type. */
        public Builder operation(Operation operation) {
            this.operation = operation;
            if (operation != null && recordType == null) {
                this.recordType = operation.recordType();
            }
            return this;
        }

        public Builder partitionKeyType(String partitionKeyType) {
            this.partitionKeyType = partitionKeyType;
            return this;
        }

        public Builder partitionKeyValue(String partitionKeyValue) {
            this.partitionKeyValue = partitionKeyValue;
            return this;
        }

        public Builder schemaName(String schemaName) {
            this.schemaName = schemaName;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder transactionId(Long transactionId) {
            this.transactionId = transactionId;
            return this;
        }

        public Builder transactionRecordId(Long transactionRecordId) {
            this.transactionRecordId = transactionRecordId;
            return this;
        }

        public Builder prevTransactionId(Long prevTransactionId) {
            this.prevTransactionId = prevTransactionId;
            return this;
        }

        public Builder prevTransactionRecordId(Long prevTransactionRecordId) {
            this.prevTransactionRecordId = prevTransactionRecordId;
            return this;
        }

        public Builder commitTimestamp(String commitTimestamp) {
            this.commitTimestamp = commitTimestamp;
            this.commitTimestampMicros = null;
            return this;
        }

        /** Sets the commit time when the caller has both forms: the capture, once per transaction. */
        public Builder commitTimestamp(String commitTimestamp, long epochMicros) {
            this.commitTimestamp = commitTimestamp;
            this.commitTimestampMicros = epochMicros;
            return this;
        }

        public Builder streamPosition(String streamPosition) {
            this.streamPosition = streamPosition;
            return this;
        }

        public Builder extraFields(ObjectNode extraFields) {
            this.extraFields = extraFields;
            return this;
        }

        /** Adds one field DMS does not define. */
        public Builder extraField(String name, com.fasterxml.jackson.databind.JsonNode value) {
            if (extraFields == null) {
                extraFields = JsonNodeFactory.instance.objectNode();
            }
            extraFields.set(name, value);
            return this;
        }

        /**
         * @throws NullPointerException when timestamp, record type or operation is missing
         * @throws java.time.DateTimeException when a timestamp is not ISO-8601
         * @throws IllegalArgumentException when the operation does not fit the record type
         */
        public DmsMetadata build() {
            return new DmsMetadata(this);
        }
    }
}
