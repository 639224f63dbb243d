package dev.pgflink.job.transform;

/**
 * The key that spreads one table over the windows operator's subtasks: the table and one of
 * {@link #COUNT} buckets of the record's Kinesis partition key (DMS's row key with
 * {@code PartitionKeyType: primary-key}), or of its shard when it has none. Changes to one row share
 * a partition key, so they stay in one bucket and in order. A String, as the table key was, so a
 * snapshot taken before the buckets restores (see docs/operations.md, section 4).
 */
public final class TableBuckets {
    /**
     * Fixed, not the parallelism: a key must not change when the job is rescaled. 128 is Flink's
     * default max parallelism for jobs up to parallelism 85, so every subtask gets buckets.
     */
    public static final int COUNT = 128;
    private static final char SEPARATOR = '#';

    private TableBuckets() {
    }

    /** {@code schema.table#bucket}. */
    public static String key(FlatRecord record) {
        String rowKey = record.partitionKey != null ? record.partitionKey : record.shardId;
        int bucket = rowKey == null ? 0 : Math.floorMod(rowKey.hashCode(), COUNT);
        // One concatenation: Flink calls this twice per record, on the sending and the receiving side.
        return record.schema + "." + record.table + SEPARATOR + bucket;
    }
}
