package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One busy table at parallelism 4: its records are windowed on several subtasks (keyed by table and
 * a bucket of the row's partition key), and each window still gets exactly one manifest, which
 * counts every record of the window, also when the task manager is killed mid-stream.
 */
@ExtendWith(LocalServicesExtension.class)
class BusyTableSpreadTest {
    private static final int RECORDS = 20_000;
    private static final int PARALLELISM = 4;
    /**
     * Both longer than the job's start on a loaded machine. A subtask whose shard has not been read
     * for this long is left out of the watermark: if that happened before its first records, the
     * other shards' progress would close the windows and its records would be late.
     */
    private static final long IDLENESS_MS = 10_000;
    /** A subtask that reads nothing (one without a shard) moves event time to the wall clock after this long. */
    private static final long QUIET_MS = 30_000;

    @Test
    void oneTableIsWindowedOnSeveralSubtasksAndEachWindowGetsOneManifestCountingAllItsRecords(Kinesalite kinesis,
            LocalS3 s3) throws Exception {
        String stream = LocalServicesExtension.uniqueName("busy");
        String bucket = LocalServicesExtension.uniqueName("busy");
        int webUiPort = Loopback.freePort();
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 4);
            s3.createBucket(s3Client, bucket);
            // One table, event times 1 ms apart: 20 s of changes, two 10 s windows; rows keyed as DMS does
            // with PartitionKeyType primary-key.
            JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS), i -> "delivery.orders." + i);
            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    .set(JobProperty.GETRECORDS_INTERVAL_MS, 100).set(JobProperty.WINDOW_SIZE_MS, 10_000)
                    .set(JobProperty.MAX_OUT_OF_ORDERNESS_MS, 1_000).set(JobProperty.IDLENESS_MS, IDLENESS_MS)
                    .set(JobProperty.QUIET_TIME_MS, QUIET_MS).set(JobProperty.CHECKPOINT_INTERVAL_MS, 500)
                    .set(JobProperty.PARALLELISM, PARALLELISM).set(JobProperty.WEB_UI_PORT, webUiPort).toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            String transformed = S3Layout.defaults().prefix(S3Layout.FlinkOutput.TRANSFORMED);

            List<Long> perSubtask;
            try (JobRun job = JobRun.start(config)) {
                job.await("manifests counting every record", Duration.ofSeconds(180),
                        () -> manifests(outputs, transformed).stream().mapToLong(m -> m.path("records").asLong())
                                .sum() >= RECORDS);
                perSubtask = awaitRecordsPerSubtask(webUiPort, "windows", RECORDS);
                Thread.sleep(1_500); // a few more checkpoints: a second manifest would show by now
            }

            assertThat(perSubtask).hasSize(PARALLELISM);
            assertThat(perSubtask.stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            assertThat(perSubtask.stream().filter(n -> n > 0).count()).as("windows subtasks with records: %s", perSubtask)
                    .isGreaterThanOrEqualTo(3);

            List<JsonNode> manifests = manifests(outputs, transformed);
            Map<String, Long> perWindow = new HashMap<>();
            manifests.forEach(m -> perWindow.merge(m.path("window_start").asText(), 1L, Long::sum));
            assertThat(perWindow).as("one manifest per window").containsOnlyKeys("2024-12-16T13:24:00Z",
                    "2024-12-16T13:24:10Z");
            assertThat(perWindow.values()).containsOnly(1L);
            assertThat(manifests).allSatisfy(m -> assertThat(m.path("records").asLong()).isEqualTo(RECORDS / 2));
            assertThat(ExactlyOnceUnderFailureTest.recordLineCount(outputs, transformed)).isEqualTo(RECORDS);
            System.out.printf("busy table: %d records windowed per subtask %s, manifests %s%n", RECORDS, perSubtask,
                    perWindow);
        }
    }

    @Test
    void eachWindowStillGetsExactlyOneCompleteManifestAcrossATaskManagerKill(Kinesalite kinesis, LocalS3 s3)
            throws Exception {
        String stream = LocalServicesExtension.uniqueName("busy");
        String bucket = LocalServicesExtension.uniqueName("busy");
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 4);
            s3.createBucket(s3Client, bucket);
            JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS), i -> "delivery.orders." + i);
            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    // Slow reading on purpose, so the kill falls mid-stream.
                    .set(JobProperty.GETRECORDS_MAX, 250).set(JobProperty.GETRECORDS_INTERVAL_MS, 200)
                    .set(JobProperty.WINDOW_SIZE_MS, 10_000).set(JobProperty.MAX_OUT_OF_ORDERNESS_MS, 1_000)
                    .set(JobProperty.IDLENESS_MS, IDLENESS_MS).set(JobProperty.QUIET_TIME_MS, QUIET_MS)
                    .set(JobProperty.CHECKPOINT_INTERVAL_MS, 500).set(JobProperty.PARALLELISM, PARALLELISM).toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            String raw = S3Layout.defaults().prefix(S3Layout.FlinkOutput.RAW);
            String transformed = S3Layout.defaults().prefix(S3Layout.FlinkOutput.TRANSFORMED);

            try (MiniClusterJob job = MiniClusterJob.submit(config)) {
                job.await("raw files committed before the kill", () -> outputs.keys(raw).size() >= 3);
                int rawLinesAtKill = outputs.lines(raw).size();
                job.killTaskManager();
                job.await("manifests counting every record", () -> manifests(outputs, transformed).stream()
                        .mapToLong(m -> m.path("records").asLong()).sum() >= RECORDS);
                Thread.sleep(1_500); // a few more checkpoints: a second manifest would show by now

                assertThat(rawLinesAtKill).isBetween(1, RECORDS - 1);
                List<JsonNode> manifests = manifests(outputs, transformed);
                Map<String, Long> perWindow = new HashMap<>();
                manifests.forEach(m -> perWindow.merge(m.path("window_start").asText(), 1L, Long::sum));
                assertThat(perWindow).as("one manifest per window").containsOnlyKeys("2024-12-16T13:24:00Z",
                        "2024-12-16T13:24:10Z");
                assertThat(perWindow.values()).containsOnly(1L);
                assertThat(manifests).allSatisfy(m -> assertThat(m.path("records").asLong()).isEqualTo(RECORDS / 2));
                assertThat(ExactlyOnceUnderFailureTest.recordLineCount(outputs, transformed)).isEqualTo(RECORDS);
                System.out.printf("busy table, kill at raw line %d: manifests %s%n", rawLinesAtKill, perWindow);
            }
        }
    }

    /**
     * Records in per subtask of the vertex whose name starts with {@code vertex}, from the Web UI's REST
     * API; waits until they add up to {@code expected} (the UI fetches metrics every few seconds).
     */
    private static List<Long> awaitRecordsPerSubtask(int port, String vertex, long expected) throws Exception {
        String jobId = json(webUi(port, "/jobs/overview")).get("jobs").get(0).get("jid").asText();
        String vertexId = null;
        for (JsonNode v : json(webUi(port, "/jobs/" + jobId)).get("vertices")) {
            if (v.get("name").asText().startsWith(vertex)) {
                vertexId = v.get("id").asText();
            }
        }
        assertThat(vertexId).as("a vertex named " + vertex).isNotNull();
        List<Long> perSubtask = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            perSubtask.clear();
            for (JsonNode subtask : json(webUi(port, "/jobs/" + jobId + "/vertices/" + vertexId)).get("subtasks")) {
                perSubtask.add(subtask.path("metrics").path("read-records").asLong());
            }
            if (perSubtask.stream().mapToLong(Long::longValue).sum() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        return perSubtask;
    }

    private static String webUi(int port, String path) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> manifests(S3Outputs outputs, String prefix) {
        List<JsonNode> manifests = new ArrayList<>();
        outputs.linesByKey(prefix).forEach((key, lines) -> {
            if (S3Layout.isManifest(key)) {
                lines.forEach(line -> manifests.add(json(line)));
            }
        });
        return manifests;
    }

    private static JsonNode json(String text) {
        try {
            return DmsJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
