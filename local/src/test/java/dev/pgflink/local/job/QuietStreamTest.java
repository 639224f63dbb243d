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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A burst of changes, then silence, as on a quiet database: the last windows close on the
 * quiet-time rule and get their manifests without any later record, the task manager is killed
 * during the silence, and afterwards every record is in transformed exactly once and counted by
 * exactly one manifest.
 */
@ExtendWith(LocalServicesExtension.class)
class QuietStreamTest {
    private static final int RECORDS = 2_000;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    private static final Duration QUIET = Duration.ofSeconds(8);

    @Test
    void windowsCloseWhenTheStreamGoesQuietAndExactlyOnceHoldsAcrossARestartMeanwhile(Kinesalite kinesis, LocalS3 s3)
            throws Exception {
        String stream = LocalServicesExtension.uniqueName("quiet");
        String bucket = LocalServicesExtension.uniqueName("quiet");
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 2);
            s3.createBucket(s3Client, bucket);
            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    .set(JobProperty.GETRECORDS_INTERVAL_MS, 100)
                    .set(JobProperty.WINDOW_SIZE_MS, WINDOW.toMillis())
                    .set(JobProperty.MAX_OUT_OF_ORDERNESS_MS, OUT_OF_ORDERNESS.toMillis())
                    .set(JobProperty.IDLENESS_MS, 1_000)
                    .set(JobProperty.QUIET_TIME_MS, QUIET.toMillis())
                    .set(JobProperty.CHECKPOINT_INTERVAL_MS, 300).set(JobProperty.PARALLELISM, 2).toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            String transformed = S3Layout.defaults().prefix(S3Layout.FlinkOutput.TRANSFORMED);

            try (MiniClusterJob job = MiniClusterJob.submit(config)) {

                // Inserts committed "now", spread over the last second, as a capture would send them.
                long now = System.currentTimeMillis();
                JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS, id -> now - 1_000 + id * 1_000L / RECORDS),
                        i -> "delivery.orders." + i);
                long lastPut = System.nanoTime();
                job.await("every record in transformed",
                        () -> outputs.lines(transformed).size() >= RECORDS);
                long quietSoFar = (System.nanoTime() - lastPut) / 1_000_000;
                assertThat(outputs.manifests(transformed)).as("no manifest of the last window yet, %d ms after "
                        + "the last record", quietSoFar).noneMatch(m -> m.path("records").asLong() > 0
                                && m.path("closed_by").asText().equals("quiet-time"));

                // A restart in the quiet period: the windows' state comes back from the checkpoint.
                job.killTaskManager();
                long restarted = System.nanoTime();

                Duration limit = QUIET.plus(WINDOW).plus(OUT_OF_ORDERNESS).plusSeconds(15);
                job.await("manifests for every record",
                        () -> outputs.manifests(transformed).stream().mapToLong(m -> m.path("records").asLong())
                                .sum() >= RECORDS);
                long waited = (System.nanoTime() - restarted) / 1_000_000;
                assertThat(Duration.ofMillis(waited)).as("manifests after the restart").isLessThan(limit);
                Thread.sleep(1_000); // a few more checkpoints: a replayed record would show by now

                List<JsonNode> manifests = outputs.manifests(transformed);
                assertThat(manifests.stream().mapToLong(m -> m.path("records").asLong()).sum()).isEqualTo(RECORDS);
                Map<String, Long> perWindow = new HashMap<>();
                manifests.forEach(m -> perWindow.merge(m.path("window_start").asText(), 1L, Long::sum));
                assertThat(perWindow.values()).as("one manifest per window").containsOnly(1L);
                JsonNode last = manifests.stream().max((a, b) -> a.path("window_start").asText()
                        .compareTo(b.path("window_start").asText())).orElseThrow();
                assertThat(last.path("closed_by").asText()).as("no later record closed the last window")
                        .isEqualTo("quiet-time");

                Map<Long, Long> byId = new HashMap<>();
                outputs.lines(transformed).forEach(line -> byId.merge(S3Outputs.json(line).get("id").asLong(), 1L, Long::sum));
                assertThat(byId).hasSize(RECORDS);
                assertThat(byId.values()).containsOnly(1L);
                assertThat(outputs.keys(transformed)).noneMatch(k -> k.contains("/late-"));
                System.out.printf("quiet stream: %d records, %d manifests, last closed by %s %d ms after the "
                        + "restart%n", RECORDS, manifests.size(), last.path("closed_by").asText(), waited);
            }
        }
    }
}
