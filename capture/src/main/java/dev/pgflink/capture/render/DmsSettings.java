package dev.pgflink.capture.render;

import dev.pgflink.core.dms.MessageFormat;

/**
 * The DMS Kinesis endpoint and task settings the capture honours, with DMS's defaults.
 *
 * @param messageFormat MessageFormat ({@code json} by default)
 * @param includeTransactionDetails IncludeTransactionDetails
 * @param includePartitionValue IncludePartitionValue
 * @param partitionIncludeSchemaTable PartitionIncludeSchemaTable
 * @param includeTableAlterOperations IncludeTableAlterOperations
 * @param includeControlDetails IncludeControlDetails
 * @param includeNullAndEmpty IncludeNullAndEmpty
 * @param noHexPrefix NoHexPrefix
 * @param partitionKeyType {@code schema-table} (DMS's CDC default) or {@code primary-key}
 * @param beforeImage BeforeImageSettings; null when disabled (the default)
 */
public record DmsSettings(
        MessageFormat messageFormat,
        boolean includeTransactionDetails,
        boolean includePartitionValue,
        boolean partitionIncludeSchemaTable,
        boolean includeTableAlterOperations,
        boolean includeControlDetails,
        boolean includeNullAndEmpty,
        boolean noHexPrefix,
        PartitionKeyType partitionKeyType,
        BeforeImage beforeImage) {

    /** How records are spread over shards. */
    public enum PartitionKeyType {
        SCHEMA_TABLE("schema-table"), PRIMARY_KEY("primary-key");

        private final String wireName;

        PartitionKeyType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** BeforeImageSettings.ColumnFilter. */
    public enum ColumnFilter {
        PK_ONLY, NON_LOB, ALL
    }

    /** BeforeImageSettings with EnableBeforeImage true. */
    public record BeforeImage(String fieldName, ColumnFilter columnFilter) {
    }

    /** DMS's defaults: everything off, {@code json}, partitions by schema and table, no before-image. */
    public static DmsSettings defaults() {
        return new DmsSettings(MessageFormat.JSON, false, false, false, false, false, false, false,
                PartitionKeyType.SCHEMA_TABLE, null);
    }

    public DmsSettings withMessageFormat(MessageFormat format) {
        return new DmsSettings(format, includeTransactionDetails, includePartitionValue, partitionIncludeSchemaTable,
                includeTableAlterOperations, includeControlDetails, includeNullAndEmpty, noHexPrefix, partitionKeyType,
                beforeImage);
    }

    public DmsSettings withTransactionDetails(boolean on) {
        return new DmsSettings(messageFormat, on, includePartitionValue, partitionIncludeSchemaTable,
                includeTableAlterOperations, includeControlDetails, includeNullAndEmpty, noHexPrefix, partitionKeyType,
                beforeImage);
    }

    public DmsSettings withNullAndEmpty(boolean on) {
        return new DmsSettings(messageFormat, includeTransactionDetails, includePartitionValue,
                partitionIncludeSchemaTable, includeTableAlterOperations, includeControlDetails, on, noHexPrefix,
                partitionKeyType, beforeImage);
    }

    public DmsSettings withBeforeImage(BeforeImage settings) {
        return new DmsSettings(messageFormat, includeTransactionDetails, includePartitionValue,
                partitionIncludeSchemaTable, includeTableAlterOperations, includeControlDetails, includeNullAndEmpty,
                noHexPrefix, partitionKeyType, settings);
    }

    public DmsSettings withPartitionKey(PartitionKeyType type, boolean includeValue, boolean includeSchemaTable) {
        return new DmsSettings(messageFormat, includeTransactionDetails, includeValue, includeSchemaTable,
                includeTableAlterOperations, includeControlDetails, includeNullAndEmpty, noHexPrefix, type, beforeImage);
    }

    /** IncludeTableAlterOperations and IncludeControlDetails. */
    public DmsSettings withTableAlterOperations(boolean on, boolean controlDetails) {
        return new DmsSettings(messageFormat, includeTransactionDetails, includePartitionValue,
                partitionIncludeSchemaTable, on, controlDetails, includeNullAndEmpty, noHexPrefix, partitionKeyType,
                beforeImage);
    }

    public DmsSettings withNoHexPrefix(boolean on) {
        return new DmsSettings(messageFormat, includeTransactionDetails, includePartitionValue,
                partitionIncludeSchemaTable, includeTableAlterOperations, includeControlDetails, includeNullAndEmpty, on,
                partitionKeyType, beforeImage);
    }
}
