package dev.pgflink.lake;

import java.util.Comparator;

/**
 * A change's place in DMS order (docs/lake.md, "Ordering"): the commit LSN from
 * {@code __stream_position} and {@code __transaction_record_id} when DMS sends transaction
 * details, otherwise {@code __timestamp} (when DMS built the message, which follows the log's
 * commit order), then the order the lines were read in.
 *
 * @param lsn commit LSN, or null
 * @param recordId position in the transaction, or null
 * @param timestampMicros {@code __timestamp} in microseconds since the epoch
 * @param sequence the line's number in reading order
 */
record ChangeOrder(Long lsn, Long recordId, long timestampMicros, long sequence) {
    /**
     * Two changes that both carry a commit position are ordered by it; otherwise by timestamp and
     * reading order. (Used between a table's DDL and a row's changes; the row changes themselves
     * are sorted by DuckDB with the same keys.)
     */
    static final Comparator<ChangeOrder> DMS_ORDER = (a, b) -> {
        if (a.lsn != null && b.lsn != null) {
            int byLsn = Long.compare(a.lsn, b.lsn);
            if (byLsn != 0) {
                return byLsn;
            }
            if (a.recordId != null && b.recordId != null && !a.recordId.equals(b.recordId)) {
                return Long.compare(a.recordId, b.recordId);
            }
        }
        int byTime = Long.compare(a.timestampMicros, b.timestampMicros);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    };
}
