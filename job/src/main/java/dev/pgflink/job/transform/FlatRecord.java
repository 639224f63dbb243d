package dev.pgflink.job.transform;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/** One flat JSON line (data or control) with what the job needs to route it; sent by {@link FlatRecordSerializer}. */
@TypeInfo(FlatRecordSerializer.Factory.class)
public class FlatRecord {
    public String schema;
    public String table;
    public String operation;
    public long eventTimeMillis;
    /** Set by {@link WindowTracker}: the start of the event-time window the record belongs to. */
    public long windowStartMillis;
    /** The flat JSON line, newline included. */
    public byte[] line;
    public String shardId;
    public String sequenceNumber;
    /** The Kinesis partition key: with DMS's {@code primary-key} partitioning, the row's key. */
    public String partitionKey;

    public FlatRecord() {
    }

    /** The key records of one table share: schema and table. */
    public String tableKey() {
        return tableKey(schema, table);
    }

    /** {@code schema.table}: the one spelling of a table key, for records and the manifests of their windows. */
    public static String tableKey(String schema, String table) {
        return schema + "." + table;
    }

    @Override
    public String toString() {
        return operation + " " + tableKey() + " at " + eventTimeMillis + " (" + shardId + "/" + sequenceNumber + ")";
    }
}
