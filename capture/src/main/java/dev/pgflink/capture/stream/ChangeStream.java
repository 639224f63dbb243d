package dev.pgflink.capture.stream;

import dev.pgflink.capture.catalog.PostgresCatalog;
import dev.pgflink.capture.ddl.DdlRenderer;
import dev.pgflink.capture.ddl.TableShape;
import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.pgoutput.PgOutputDecoder;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Commit;
import dev.pgflink.capture.pgoutput.PgOutputMessage.LogicalMessage;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Truncate;
import dev.pgflink.capture.render.DmsChangeRenderer;
import dev.pgflink.capture.render.RenderedRecord;
import dev.pgflink.capture.slot.ReplicationSlot;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming loop: reads the slot's pgoutput messages, renders them, puts the records on
 * Kinesis in batches and acknowledges the slot.
 *
 * <p>No loss across restarts: the slot position is acknowledged only at a transaction's commit,
 * and only after every record up to it has been accepted by Kinesis. After a crash the changes
 * since the last acknowledged commit are sent again: duplicates are possible, as with DMS.
 * Not thread-safe: one thread runs it.
 */
public final class ChangeStream {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeStream.class);
    /** How long the loop waits when the server has nothing to send. */
    private static final long IDLE_SLEEP_MILLIS = 5;

    private final ReplicationSlot slot;
    private final PostgresCatalog catalog;
    private final DmsChangeRenderer changes;
    private final DdlRenderer ddl;
    private final KinesisBatchWriter batches;
    private final CaptureProgress progress;
    private final Consumer<RenderedRecord> put;

    private Duration flushInterval;
    private long lastCommitEnd;
    private long lastFlush;

    public ChangeStream(ReplicationSlot slot, PostgresCatalog catalog, DmsChangeRenderer changes, DdlRenderer ddl,
            KinesisBatchWriter batches, CaptureProgress progress) {
        this.slot = slot;
        this.catalog = catalog;
        this.changes = changes;
        this.ddl = ddl;
        this.batches = batches;
        this.progress = progress;
        this.put = record -> {
            progress.captured(1);
            batches.add(record);
        };
    }

    /**
     * Streams until {@code stopping} says so, then flushes and acknowledges what was sent; returns
     * early, without that, when the thread is interrupted.
     *
     * @param flushInterval the longest committed changes wait in the batch while messages keep coming
     * @param progressInterval how often the progress line is logged
     */
    public void run(Duration flushInterval, Duration progressInterval, BooleanSupplier stopping) throws SQLException {
        this.flushInterval = flushInterval;
        PGReplicationStream stream = slot.stream(catalog.publication());
        lastFlush = System.nanoTime();
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        try {
            while (!stopping.getAsBoolean()) {
                ByteBuffer buffer = stream.readPending();
                boolean flushDue = buffer == null ? idleFlushDue() : handle(PgOutputDecoder.decode(buffer));
                if (flushDue) {
                    batches.flush();
                    acknowledge(stream);
                    lastFlush = System.nanoTime();
                }
                if (System.nanoTime() > nextProgress) {
                    progress.report(batches, slot::bytesBehind);
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
                if (buffer == null) {
                    Thread.sleep(IDLE_SLEEP_MILLIS);
                }
            }
            batches.flush();
            acknowledge(stream);
            progress.report(batches, slot::bytesBehind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
        }
    }

    /** Idle: send what is waiting and let the slot go up to the last commit. */
    private boolean idleFlushDue() {
        return lastCommitEnd > progress.acknowledgedLsn() || batches.pendingRecords() > 0;
    }

    /** Renders one message and acts on it; returns whether a flush is due (only ever at a commit). */
    private boolean handle(PgOutputMessage message) throws SQLException {
        changes.accept(message, put);
        ddl.accept(message, put);
        switch (message.kind()) {
            case COMMIT -> {
                lastCommitEnd = ((Commit) message).endLsn();
                return batches.pendingRecords() >= KinesisBatchWriter.MAX_RECORDS_PER_CALL
                        || System.nanoTime() - lastFlush > flushInterval.toNanos();
            }
            case LOGICAL_MESSAGE -> {
                LogicalMessage logical = (LogicalMessage) message;
                if (DdlRenderer.MESSAGE_PREFIX.equals(logical.prefix())) {
                    catalog.publishNewTable(TableShape.parse(logical.content()));
                }
            }
            case TRUNCATE -> {
                // As DMS: its PostgreSQL source does not capture TRUNCATE, so no record is sent.
                LOG.warn("TRUNCATE of {} relation(s) is not sent (DMS does not capture TRUNCATE from "
                        + "PostgreSQL); downstream copies keep the removed rows",
                        ((Truncate) message).relationIds().size());
            }
            default -> {
                // Everything else is the renderers' alone.
            }
        }
        return false;
    }

    /** Everything up to the last commit is in Kinesis: the slot may let it go. */
    private void acknowledge(PGReplicationStream stream) throws SQLException {
        if (lastCommitEnd > progress.acknowledgedLsn()) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(lastCommitEnd);
            stream.setAppliedLSN(lsn);
            stream.setFlushedLSN(lsn);
            stream.forceUpdateStatus();
            progress.acknowledged(lastCommitEnd);
        }
    }
}
