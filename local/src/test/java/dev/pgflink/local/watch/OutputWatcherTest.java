package dev.pgflink.local.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import dev.pgflink.local.services.LocalS3;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The watcher counts committed records only, each once, on S3Proxy keeping its objects in a
 * directory as the local pipeline runs it: that store lists an object being written under a
 * temporary name, {@code <key>-<uuid>}, until it renames it to {@code <key>}.
 */
class OutputWatcherTest {
    private static final S3Layout LAYOUT = S3Layout.defaults();
    private static final String RAW = LAYOUT.prefix(FlinkOutput.RAW) + "dt=2024-12-16/hour=13/";

    @TempDir
    static Path directory;
    static LocalS3 s3;
    static S3Client client;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3.startOnDirectory(directory);
        client = s3.newClient();
    }

    @AfterAll
    static void stopS3() {
        client.close();
        s3.close();
    }

    @Test
    void anObjectListedUnderTheStoresTemporaryNameIsNotCounted() {
        String bucket = bucket();
        String part = RAW + "part-" + UUID.randomUUID() + "-0.jsonl";
        put(bucket, part + "-" + UUID.randomUUID(), 3);
        put(bucket, part, 3);
        String firehose = LAYOUT.firehoseKey(FirehoseOutput.TRANSFORMED, "cdc-orders-parity", 1,
                Instant.parse("2024-12-16T13:24:38Z"), UUID.randomUUID());
        put(bucket, firehose + "-" + UUID.randomUUID(), 2);
        put(bucket, firehose, 2);
        OutputWatcher flinkRaw = new OutputWatcher(client, bucket, LAYOUT.prefix(FlinkOutput.RAW),
                S3Layout::isCommittedFlinkPart, null);
        OutputWatcher firehoseTransformed = new OutputWatcher(client, bucket, LAYOUT.prefix(FirehoseOutput.TRANSFORMED),
                S3Layout::isFirehoseObject, null);

        flinkRaw.scan();
        firehoseTransformed.scan();

        assertThat(flinkRaw.records()).isEqualTo(3);
        assertThat(flinkRaw.objects()).isEqualTo(1);
        assertThat(firehoseTransformed.records()).isEqualTo(2);
        assertThat(firehoseTransformed.objects()).isEqualTo(1);
    }

    @Test
    void underABurstOfWritesTheCountNeverExceedsWhatWasWrittenAndEndsEqualToIt() throws Exception {
        String bucket = bucket();
        OutputWatcher watcher = new OutputWatcher(client, bucket, LAYOUT.prefix(FlinkOutput.RAW),
                S3Layout::isCommittedFlinkPart, null);
        AtomicLong objectsStarted = new AtomicLong();
        AtomicLong linesStarted = new AtomicLong();
        AtomicLong objectsWritten = new AtomicLong();
        AtomicLong linesWritten = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            String uid = UUID.randomUUID().toString();
            done.add(writers.submit(() -> {
                // Part files as a busy job writes them: while each arrives, S3Proxy lists it, partly
                // written, under its temporary name.
                for (int n = 0; writing.get(); n++) {
                    int lines = 3_000 + n % 7;
                    objectsStarted.incrementAndGet();
                    linesStarted.addAndGet(lines);
                    String key = RAW + "part-" + uid + "-" + n + ".jsonl";
                    client.putObject(r -> r.bucket(bucket).key(key), arrivingSlowly(body(lines)));
                    linesWritten.addAndGet(lines);
                    objectsWritten.incrementAndGet();
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                watcher.scan();
                assertThat(watcher.objects()).as("objects counted, at most those written or being written")
                        .isLessThanOrEqualTo(objectsStarted.get());
                assertThat(watcher.records()).as("records counted, at most those written or being written")
                        .isLessThanOrEqualTo(linesStarted.get());
            }
        } finally {
            writing.set(false);
            for (Future<?> writer : done) {
                writer.get();
            }
            writers.shutdown();
        }
        watcher.scan();
        watcher.scan();

        assertThat(objectsWritten.get()).as("a burst: objects written in 3 s").isGreaterThan(30);
        assertThat(watcher.objects()).isEqualTo(objectsWritten.get());
        assertThat(watcher.records()).isEqualTo(linesWritten.get());
    }

    private static String bucket() {
        String bucket = "watch-" + Long.toString(System.nanoTime(), 36);
        s3.createBucket(client, bucket);
        return bucket;
    }

    private static void put(String bucket, String key, int lines) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body(lines)));
    }

    private static byte[] body(int lines) {
        StringBuilder body = new StringBuilder(lines * 160);
        for (int i = 0; i < lines; i++) {
            body.append("{\"shard\":\"shardId-000000000000\",\"sequence\":\"").append(i)
                    .append("\",\"data\":\"eyJkYXRhIjp7ImlkIjoxfSwibWV0YWRhdGEiOnsicmVjb3JkLXR5cGUiOiJkYXRhIn19\"}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A body that arrives in 16 KiB pieces 10 ms apart, as over a busy network: S3Proxy writes it as it comes. */
    private static RequestBody arrivingSlowly(byte[] body) {
        return RequestBody.fromContentProvider(() -> new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                return super.read(buffer, offset, Math.min(length, 16 * 1024));
            }
        }, body.length, "application/x-ndjson");
    }
}
