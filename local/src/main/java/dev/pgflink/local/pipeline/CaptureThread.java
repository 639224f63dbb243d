package dev.pgflink.local.pipeline;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.CaptureRunner;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.local.load.SampleWorkload;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.PostgresService;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The capture running in a thread of this JVM, as {@code CaptureMain} runs it in its own. */
final class CaptureThread implements AutoCloseable {
    private final CaptureRunner runner;
    private final String slot;
    private final Thread thread;
    private volatile Throwable failure;

    CaptureThread(CaptureOptions options) {
        this.runner = new CaptureRunner(options);
        this.slot = options.slot();
        this.thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "capture");
        thread.setDaemon(true);
    }

    /**
     * Starts the local pipeline's capture of the sample table onto its stream, with transaction
     * details and DDL, and returns once it holds its replication slot. A new slot starts with a
     * full load of the table (DMS's full-load-and-cdc), so rows that were there before the capture
     * reach S3 as {@code load} records; a slot that exists is resumed.
     */
    static CaptureThread startForPipeline(PipelineServices services) throws InterruptedException {
        PostgresService postgres = services.postgres();
        KinesisService kinesis = services.kinesis();
        DmsSettings dms = DmsSettings.defaults().withTransactionDetails(true).withTableAlterOperations(true, true);
        CaptureThread capture = new CaptureThread(CaptureOptions.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .slot(PipelineOptions.SLOT).publication(PipelineOptions.SLOT)
                .stream(PipelineOptions.STREAM).region(KinesisService.REGION.id()).kinesisEndpoint(kinesis.endpoint())
                .credentials(KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY)
                .tables(new TableSelection(List.of(SampleWorkload.TABLE), List.of())).dms(dms)
                .fullLoad(true).flushInterval(Duration.ofMillis(50)).progressInterval(Duration.ofDays(1))
                .build());
        capture.startAndAwaitSlot(postgres, Duration.ofSeconds(60));
        return capture;
    }

    /**
     * Starts the capture and returns once it streams from its replication slot (after its full
     * load, if it makes one): changes from then on are captured. The timeout runs while nothing
     * moves: a full load, however long, keeps putting records on the stream.
     */
    void startAndAwaitSlot(PostgresService postgres, Duration timeout) throws InterruptedException {
        thread.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        long put = 0;
        while (!slotActive(postgres)) {
            if (failure != null) {
                throw new IllegalStateException("the capture did not start: " + failure.getMessage(), failure);
            }
            if (runner.recordsPut() > put) {
                put = runner.recordsPut();
                deadline = System.nanoTime() + timeout.toNanos();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the capture did not take its replication slot " + slot + " within "
                        + timeout.toSeconds() + " s" + (put > 0 ? " of its last record loaded (" + put + " so far)" : ""));
            }
            Thread.sleep(100);
        }
    }

    /** Whether the capture began with a full load rather than resuming a slot: known once it streams. */
    boolean loadedTables() {
        return runner.loadedTables();
    }

    /** The rows its full load put on the stream (0 when it resumed a slot). */
    long rowsLoaded() {
        return runner.rowsLoaded();
    }

    private boolean slotActive(PostgresService postgres) {
        try {
            return postgres.replicationSlotActive(slot);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query PostgreSQL: " + e.getMessage(), e);
        }
    }

    long changesCaptured() {
        return runner.changesCaptured();
    }

    long recordsPut() {
        return runner.recordsPut();
    }

    /** Why the capture stopped by itself, or null while it runs. */
    Throwable failure() {
        return failure;
    }

    /** Flushes, acknowledges and stops; waits at most 30 s. */
    @Override
    public void close() throws InterruptedException {
        runner.stop(30, TimeUnit.SECONDS);
    }
}
