package dev.pgflink.job.transform;

import java.util.HashMap;
import java.util.Map;

/**
 * What one table's event-time window holds, written as {@code _manifest-….json} next to its files
 * once the watermark has passed the window's end. A Flink POJO, kept in state while the window
 * is open. The {@link WindowTracker} keeps one part per bucket of a table
 * ({@link TableBuckets}); the {@link WindowManifestMerger} adds the parts up into the one manifest
 * that is written.
 */
public class WindowManifest {
    /** Why a window was closed; written into the manifest as {@code closed_by}. */
    public enum ClosedBy {
        /** Records this far past the window's end (plus the allowed out-of-orderness) were seen. */
        LATER_RECORDS("later-records"),
        /** The watermark moved on without such records: the stream was quiet (see {@code quiet.time.ms}). */
        QUIET_TIME("quiet-time"),
        /** The input ended, or the job was stopped with a drain. */
        END_OF_INPUT("end-of-input");

        private final String label;

        ClosedBy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public String schema;
    public String table;
    public long windowStartMillis;
    public long windowEndMillis;
    public long records;
    /** Records per operation: insert, update, delete, load. */
    public Map<String, Long> operations = new HashMap<>();
    public long minEventTimeMillis = Long.MAX_VALUE;
    public long maxEventTimeMillis = Long.MIN_VALUE;
    /** Per shard, the first and last Kinesis sequence numbers of the window's records. */
    public Map<String, String> firstSequenceNumbers = new HashMap<>();
    public Map<String, String> lastSequenceNumbers = new HashMap<>();
    /** Set when the window closes; null while it is open. */
    public ClosedBy closedBy;

    public WindowManifest() {
    }

    static WindowManifest open(FlatRecord first, long windowStart, long windowEnd) {
        WindowManifest manifest = new WindowManifest();
        manifest.schema = first.schema;
        manifest.table = first.table;
        manifest.windowStartMillis = windowStart;
        manifest.windowEndMillis = windowEnd;
        return manifest;
    }

    /** The same table window as another, counting nothing yet; quiet time until a part says otherwise. */
    static WindowManifest empty(WindowManifest like) {
        WindowManifest manifest = new WindowManifest();
        manifest.schema = like.schema;
        manifest.table = like.table;
        manifest.windowStartMillis = like.windowStartMillis;
        manifest.windowEndMillis = like.windowEndMillis;
        manifest.closedBy = ClosedBy.QUIET_TIME;
        return manifest;
    }

    void add(FlatRecord record) {
        records++;
        operations.merge(record.operation, 1L, Long::sum);
        minEventTimeMillis = Math.min(minEventTimeMillis, record.eventTimeMillis);
        maxEventTimeMillis = Math.max(maxEventTimeMillis, record.eventTimeMillis);
        if (record.shardId != null && record.sequenceNumber != null) {
            firstSequenceNumbers.merge(record.shardId, record.sequenceNumber, WindowManifest::lower);
            lastSequenceNumbers.merge(record.shardId, record.sequenceNumber, WindowManifest::higher);
        }
    }

    /**
     * Adds another part of the same table window (from another bucket): counts add up, event times
     * and sequence numbers widen. It was closed by later records if any part saw them.
     */
    void merge(WindowManifest part) {
        records += part.records;
        part.operations.forEach((op, n) -> operations.merge(op, n, Long::sum));
        minEventTimeMillis = Math.min(minEventTimeMillis, part.minEventTimeMillis);
        maxEventTimeMillis = Math.max(maxEventTimeMillis, part.maxEventTimeMillis);
        part.firstSequenceNumbers.forEach((shard, seq) -> firstSequenceNumbers.merge(shard, seq, WindowManifest::lower));
        part.lastSequenceNumbers.forEach((shard, seq) -> lastSequenceNumbers.merge(shard, seq, WindowManifest::higher));
        if (part.closedBy == ClosedBy.LATER_RECORDS || part.closedBy == ClosedBy.END_OF_INPUT) {
            closedBy = closedBy == ClosedBy.END_OF_INPUT ? closedBy : part.closedBy;
        }
    }

    /** Kinesis sequence numbers are decimal strings of up to 128 bits: compare by length, then text. */
    static int compareSequenceNumbers(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String lower(String a, String b) {
        return compareSequenceNumbers(a, b) <= 0 ? a : b;
    }

    private static String higher(String a, String b) {
        return compareSequenceNumbers(a, b) >= 0 ? a : b;
    }
}
