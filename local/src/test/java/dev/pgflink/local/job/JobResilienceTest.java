package dev.pgflink.local.job;

import static dev.pgflink.local.job.JobRecords.inserts;
import static dev.pgflink.local.job.JobRecords.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisMock;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.s3.S3Client;

/** The job keeps every record, once, through a reshard and through an S3 outage. */
@ExtendWith(LocalServicesExtension.class)
class JobResilienceTest {
    private static final S3Layout LAYOUT = S3Layout.defaults();
    private static final String RAW = LAYOUT.prefix(S3Layout.FlinkOutput.RAW);
    private static final String TRANSFORMED = LAYOUT.prefix(S3Layout.FlinkOutput.TRANSFORMED);

    private static JobConfig config(KinesisService kinesis, String stream, LocalS3 s3, String bucket) {
        return JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                .set(JobProperty.GETRECORDS_INTERVAL_MS, 100).set(JobProperty.SHARD_DISCOVERY_INTERVAL_MS, 500)
                .set(JobProperty.WINDOW_SIZE_MS, 10_000).set(JobProperty.CHECKPOINT_INTERVAL_MS, 500)
                .set(JobProperty.PARALLELISM, 2).toMap());
    }

    /** Asserts that raw holds each record once (by sequence number) and transformed each id once. */
    private static void assertExactlyOnce(S3Outputs outputs, int records) {
        Map<String, Long> bySequence = outputs.lines(RAW).stream().map(SourceRecordLines::read)
                .collect(Collectors.groupingBy(r -> r.shardId() + "/" + r.sequenceNumber(), Collectors.counting()));
        assertThat(bySequence).hasSize(records);
        assertThat(bySequence.values()).containsOnly(1L);
        Map<Long, Long> byId = new HashMap<>();
        outputs.lines(TRANSFORMED).forEach(line -> byId.merge(S3Outputs.json(line).get("id").asLong(), 1L, Long::sum));
        assertThat(byId).hasSize(records);
        assertThat(byId.values()).containsOnly(1L);
    }

    @Test
    void nothingIsLostWhenShardsSplitWhileTheJobRuns(KinesisMock kinesis, LocalS3 s3) throws Exception {
        String stream = LocalServicesExtension.uniqueName("cdc");
        String bucket = LocalServicesExtension.uniqueName("lake");
        List<byte[]> records = inserts(1_000);
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 1);
            s3.createBucket(s3Client, bucket);
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            put(kinesisClient, stream, records.subList(0, 500), i -> "delivery.orders." + i);

            try (JobRun job = JobRun.start(config(kinesis, stream, s3, bucket))) {
                job.await("the first half in raw", Duration.ofSeconds(120), () -> outputs.lines(RAW).size() >= 500);

                kinesisClient.updateShardCount(r -> r.streamName(stream).targetShardCount(2)
                        .scalingType(ScalingType.UNIFORM_SCALING));
                KinesisService.awaitActive(kinesisClient, stream, Duration.ofSeconds(30));
                assertThat(kinesisClient.listShards(r -> r.streamName(stream)).shards()).hasSizeGreaterThan(1);
                put(kinesisClient, stream, records.subList(500, 1_000), i -> "delivery.orders.b" + i);

                job.await("every record in raw and transformed", Duration.ofSeconds(120), () ->
                        outputs.lines(RAW).size() >= 1_000 && outputs.lines(TRANSFORMED).size() >= 1_000);
                Thread.sleep(1_500);
            }
            assertExactlyOnce(outputs, 1_000);
            assertThat(outputs.lines(RAW).stream().map(SourceRecordLines::read).map(r -> r.shardId()).distinct().count())
                    .as("records read from the parent and the child shards").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theJobRecoversByItselfAfterS3IsGoneForThirtySeconds(Kinesalite kinesis, @TempDir Path s3Data)
            throws Exception {
        String stream = LocalServicesExtension.uniqueName("cdc");
        String bucket = LocalServicesExtension.uniqueName("lake");
        List<byte[]> records = inserts(4_000);
        try (LocalS3 s3 = LocalS3.startOnDirectory(s3Data);
                KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 2);
            s3.createBucket(s3Client, bucket);
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            put(kinesisClient, stream, records.subList(0, 2_000), i -> "delivery.orders." + i);

            try (JobRun job = JobRun.start(config(kinesis, stream, s3, bucket))) {
                job.await("the first half in raw", Duration.ofSeconds(120), () -> outputs.lines(RAW).size() >= 2_000);

                s3.stop();
                put(kinesisClient, stream, records.subList(2_000, 4_000), i -> "delivery.orders." + i);
                Thread.sleep(30_000);
                s3.start();

                job.await("every record after S3 came back", Duration.ofSeconds(180), () ->
                        outputs.lines(RAW).size() >= 4_000 && outputs.lines(TRANSFORMED).size() >= 4_000);
                Thread.sleep(1_500);
            }
            assertExactlyOnce(outputs, 4_000);
        }
    }
}
