package dev.pgflink.local.pipeline;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.CaptureRunner;
import dev.pgflink.local.services.PostgresService;
import java.sql.SQLException;
import java.time.Duration;
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

    /** Starts the capture and returns once it holds its replication slot: changes from then on are captured. */
    void startAndAwaitSlot(PostgresService postgres, Duration timeout) throws InterruptedException {
        thread.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!slotActive(postgres)) {
            if (failure != null) {
                throw new IllegalStateException("the capture did not start: " + failure.getMessage(), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the capture did not take its replication slot " + slot + " within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
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
