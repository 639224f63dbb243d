package dev.pgflink.local.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.PostgresService;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * 50,000 changes while the capture process is killed with SIGKILL twice mid-stream and started
 * again: every change reaches the stream at least once.
 */
@ExtendWith(LocalServicesExtension.class)
class CaptureRestartTest {
    private static final int CHANGES = 50_000;
    private static final int PER_TRANSACTION = 250;

    private static Process startCapture(PostgresService postgres, KinesisService kinesis, String slot, String stream,
            Path log) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Daws.cborEnabled=false", "-cp", classpath, "dev.pgflink.capture.CaptureMain",
                "--jdbc-url", postgres.jdbcUrl(), "--user", postgres.user(), "--slot", slot, "--publication", slot,
                "--include", "restart_test.changes", "--stream", stream, "--kinesis-endpoint", kinesis.endpoint().toString(),
                "--access-key", KinesisService.ACCESS_KEY, "--secret-key", KinesisService.SECRET_KEY,
                "--message-format", "json-unformatted", "--progress-interval-s", "1"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void awaitRecords(StreamTail tail, IntPredicate enough, Process capture, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!enough.test(tail.poll().size())) {
            if (!capture.isAlive()) {
                throw new AssertionError("the capture exited with " + capture.exitValue() + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out at " + tail.poll().size() + " records:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    @Test
    void everyChangeArrivesAtLeastOnceAcrossTwoHardKills(PostgresService postgres, Kinesalite kinesis,
            @TempDir Path logs) throws Exception {
        String slot = LocalServicesExtension.uniqueName("restart").replace('-', '_');
        String stream = LocalServicesExtension.uniqueName("cdc");
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS restart_test");
            st.execute("CREATE TABLE restart_test.changes (id int PRIMARY KEY, payload text)");
        }
        Path log = logs.resolve("capture.log");
        try (KinesisClient client = kinesis.newClient()) {
            kinesis.createStream(client, stream, 2);
            StreamTail tail = new StreamTail(client, stream);
            Process capture = startCapture(postgres, kinesis, slot, stream, log);
            Thread writer = new Thread(() -> write(postgres), "writer");
            try {
                Process started = capture;
                CaptureRun.awaitSlotActive(postgres, slot, () -> {
                    if (!started.isAlive()) {
                        throw new AssertionError("the capture exited with " + started.exitValue() + ":\n" + readLog(log));
                    }
                });
                writer.start();
                List<Integer> killedAt = new ArrayList<>();
                for (int threshold : new int[] {10_000, 25_000}) {
                    awaitRecords(tail, n -> n >= threshold, capture, log);
                    capture.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    killedAt.add(tail.poll().size());
                    capture = startCapture(postgres, kinesis, slot, stream, log);
                }
                writer.join();
                awaitRecords(tail, n -> distinctIds(tail.poll()).size() >= CHANGES, capture, log);

                Map<Integer, Integer> ids = distinctIds(tail.poll());
                int total = tail.poll().size();
                assertThat(killedAt).allMatch(n -> n < CHANGES);
                assertThat(ids).hasSize(CHANGES);
                assertThat(ids.keySet()).allMatch(id -> id >= 0 && id < CHANGES);
                System.out.printf("capture restart: %,d changes, killed at %s records, %,d records in the stream, "
                        + "%,d duplicates%n", CHANGES, killedAt, total, total - CHANGES);
            } finally {
                capture.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                writer.join(60_000);
                try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
                    st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                            + "WHERE slot_name = '" + slot + "'");
                    st.execute("DROP PUBLICATION IF EXISTS " + slot);
                }
            }
        }
    }

    private static void write(PostgresService postgres) {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            for (int from = 0; from < CHANGES; from += PER_TRANSACTION) {
                st.execute("INSERT INTO restart_test.changes SELECT g, 'change ' || g FROM generate_series(" + from
                        + ", " + (from + PER_TRANSACTION - 1) + ") g");
                // About 5,000 changes/s, so that the kills fall while changes are still being written.
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Map<Integer, Integer> distinctIds(List<byte[]> records) {
        DmsRecordParser parser = new DmsRecordParser();
        Map<Integer, Integer> ids = new HashMap<>();
        for (byte[] record : records) {
            ids.merge(parser.parse(record).record().data().get("id").asInt(), 1, Integer::sum);
        }
        return ids;
    }
}
