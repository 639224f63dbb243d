package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.Loopback;
import java.time.Duration;
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
                        () -> outputs.manifests(transformed).stream().mapToLong(m -> m.path("records").asLong())
                                .sum() >= RECORDS);
                perSubtask = new FlinkWebUi(webUiPort).awaitRecordsPerSubtask("windows", RECORDS);
                Thread.sleep(1_500); // a few more checkpoints: a second manifest would show by now
            }

            assertThat(perSubtask).hasSize(PARALLELISM);
            assertThat(perSubtask.stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            assertThat(perSubtask.stream().filter(n -> n > 0).count()).as("windows subtasks with records: %s", perSubtask)
                    .isGreaterThanOrEqualTo(3);

            Map<String, Long> perWindow = assertOneCompleteManifestPerWindow(outputs, transformed);
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
                job.await("manifests counting every record", () -> outputs.manifests(transformed).stream()
                        .mapToLong(m -> m.path("records").asLong()).sum() >= RECORDS);
                Thread.sleep(1_500); // a few more checkpoints: a second manifest would show by now

                assertThat(rawLinesAtKill).isBetween(1, RECORDS - 1);
                Map<String, Long> perWindow = assertOneCompleteManifestPerWindow(outputs, transformed);
                System.out.printf("busy table, kill at raw line %d: manifests %s%n", rawLinesAtKill, perWindow);
            }
        }
    }

    /** Each of the two windows has exactly one manifest, counting half the records, and every record is in a part. */
    private static Map<String, Long> assertOneCompleteManifestPerWindow(S3Outputs outputs, String transformed) {
        List<JsonNode> manifests = outputs.manifests(transformed);
        Map<String, Long> perWindow = new HashMap<>();
        manifests.forEach(m -> perWindow.merge(m.path("window_start").asText(), 1L, Long::sum));
        assertThat(perWindow).as("one manifest per window").containsOnlyKeys("2024-12-16T13:24:00Z",
                "2024-12-16T13:24:10Z");
        assertThat(perWindow.values()).containsOnly(1L);
        assertThat(manifests).allSatisfy(m -> assertThat(m.path("records").asLong()).isEqualTo(RECORDS / 2));
        assertThat(outputs.lines(transformed).size()).isEqualTo(RECORDS);
        return perWindow;
    }
}
