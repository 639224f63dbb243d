package dev.pgflink.local.capture;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.CaptureRunner;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.PostgresService;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The capture running in a background thread of the test, with its own slot, publication and stream. */
final class CaptureRun implements AutoCloseable {
    final String slot = LocalServicesExtension.uniqueName("slot").replace('-', '_');
    final String stream = LocalServicesExtension.uniqueName("cdc");
    private final PostgresService postgres;
    private final KinesisService kinesis;
    private final KinesisClient client;
    private final CaptureRunner runner;
    private final StreamTail tail;
    private final Thread thread;
    private volatile Throwable failure;

    CaptureRun(PostgresService postgres, KinesisService kinesis, List<String> include, DmsSettings dms) throws Exception {
        this(postgres, kinesis, include, dms, false);
    }

    CaptureRun(PostgresService postgres, KinesisService kinesis, List<String> include, DmsSettings dms, boolean fullLoad)
            throws Exception {
        this.postgres = postgres;
        this.kinesis = kinesis;
        this.client = kinesis.newClient();
        kinesis.createStream(client, stream, 1);
        tail = new StreamTail(client, stream);
        runner = new CaptureRunner(CaptureOptions.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password(postgres.password())
                .slot(slot).publication(slot)
                .stream(stream).region("us-east-1").kinesisEndpoint(kinesis.endpoint())
                .credentials(KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY)
                .tables(new TableSelection(include, List.of())).fullLoad(fullLoad).dms(dms)
                .flushInterval(Duration.ofMillis(50)).progressInterval(Duration.ofSeconds(30))
                .build());
        thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable e) {
                failure = e;
            }
        }, "capture-" + slot);
        thread.start();
        awaitSlotActive();
    }

    private void awaitSlotActive() throws Exception {
        awaitSlotActive(postgres, slot, () -> {
            if (failure != null) {
                throw new AssertionError("the capture failed to start", failure);
            }
        });
    }

    /** Waits until a capture holds the slot; {@code stillRunning} throws if the capture died. */
    static void awaitSlotActive(PostgresService postgres, String slot, Runnable stillRunning) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            stillRunning.run();
            if (postgres.replicationSlotActive(slot)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the capture's slot " + slot + " did not become active");
    }

    /** Reads the stream from the start until {@code count} records are there (or fails after 30 s). */
    List<byte[]> records(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<byte[]> read = tail.poll();
            if (read.size() >= count || System.nanoTime() > deadline) {
                if (failure != null) {
                    throw new AssertionError("the capture failed", failure);
                }
                return new ArrayList<>(read);
            }
            Thread.sleep(100);
        }
    }

    CaptureRunner runner() {
        return runner;
    }

    @Override
    public void close() throws Exception {
        runner.stop(15, TimeUnit.SECONDS);
        thread.join(15_000);
        client.close();
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            st.execute("DROP PUBLICATION IF EXISTS " + slot);
        }
    }
}
