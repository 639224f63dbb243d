package dev.pgflink.capture.stream;

import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.render.RenderedRecord;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the capture has done so far (changes captured, the slot position acknowledged) and the log
 * lines that report it. Written by the capture's thread, read from any.
 */
public final class CaptureProgress {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureProgress.class);

    private final AtomicLong changes = new AtomicLong();
    private volatile long acknowledgedLsn;

    /** How many bytes of WAL the server has written past a position. */
    @FunctionalInterface
    public interface Lag {
        long bytesBehind(long lsn) throws SQLException;
    }

    /** Counts changes captured: rows loaded or changes rendered. */
    public void captured(long count) {
        changes.addAndGet(count);
    }

    public long changes() {
        return changes.get();
    }

    void acknowledged(long lsn) {
        acknowledgedLsn = lsn;
    }

    /** The end of the last commit the slot was told it may let go; 0 before the first. */
    public long acknowledgedLsn() {
        return acknowledgedLsn;
    }

    /** The progress line: counts, the acknowledged position, and how far the server is past it. */
    void report(KinesisBatchWriter batches, Lag lag) {
        String behind;
        try {
            behind = String.format("%,d bytes", lag.bytesBehind(acknowledgedLsn));
        } catch (SQLException e) {
            behind = "unknown (" + e.getMessage() + ")";
        }
        LOG.info("captured {} changes, put {} records ({} resent for ordering, {} oversize), acknowledged {}, "
                + "lag behind the server {}", changes.get(), batches.recordsPut(), batches.recordsResent(),
                batches.oversizeRecords(), LogSequenceNumber.valueOf(acknowledgedLsn).asString(), behind);
    }

    /** A record Kinesis cannot take: said loudly, as it is not in the stream. */
    public void oversize(RenderedRecord record) {
        LOG.error("a change of {} is {} bytes as a DMS record, over Kinesis' 1 MiB limit: it is NOT in the stream "
                + "(DMS cannot send it either; commit LSN {})", record.partitionKey(), record.data().length,
                LogSequenceNumber.valueOf(record.commitLsn()).asString());
    }
}
