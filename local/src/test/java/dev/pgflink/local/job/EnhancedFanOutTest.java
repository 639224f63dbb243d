package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.local.services.KinesisMock;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job reading through enhanced fan-out (SubscribeToShard, HTTP/2) from kinesis-mock, which
 * serves it: the job registers its consumer, and every record lands in raw and transformed once.
 */
@ExtendWith(LocalServicesExtension.class)
class EnhancedFanOutTest {
    private static final int RECORDS = 400;

    @Test
    void theJobReadsEveryRecordThroughItsOwnConsumer(KinesisMock kinesis, LocalS3 s3) throws Exception {
        String stream = LocalServicesExtension.uniqueName("efo");
        String bucket = LocalServicesExtension.uniqueName("efo");
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 2);
            s3.createBucket(s3Client, bucket);
            JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS),
                    i -> "delivery.orders." + i);
            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    .set(JobProperty.CONSUMER_TYPE, "EFO").set(JobProperty.EFO_CONSUMER_NAME, "pgflink-test")
                    .set(JobProperty.WINDOW_SIZE_MS, 10_000).set(JobProperty.CHECKPOINT_INTERVAL_MS, 500)
                    .set(JobProperty.PARALLELISM, 2).set(JobProperty.WEB_UI_PORT, 0).toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            String raw = S3Layout.defaults().prefix(S3Layout.FlinkOutput.RAW);
            String transformed = S3Layout.defaults().prefix(S3Layout.FlinkOutput.TRANSFORMED);

            try (JobRun job = JobRun.start(config)) {
                job.await("every record in raw and transformed", Duration.ofSeconds(120),
                        () -> outputs.lines(raw).size() >= RECORDS
                                && outputs.lines(transformed).size() >= RECORDS);
                String streamArn = kinesisClient.describeStreamSummary(r -> r.streamName(stream))
                        .streamDescriptionSummary().streamARN();
                List<String> consumers = kinesisClient.listStreamConsumers(r -> r.streamARN(streamArn)).consumers()
                        .stream().map(Consumer::consumerName).collect(Collectors.toList());
                assertThat(consumers).as("the job registered its EFO consumer").contains("pgflink-test");
                Thread.sleep(1_000);
            }

            Map<String, Long> bySequence = outputs.lines(raw).stream().map(SourceRecordLines::read)
                    .collect(Collectors.groupingBy(r -> r.shardId() + "/" + r.sequenceNumber(), Collectors.counting()));
            assertThat(bySequence).hasSize(RECORDS);
            assertThat(bySequence.values()).containsOnly(1L);
            assertThat(outputs.lines(transformed).size()).isEqualTo(RECORDS);
        }
    }
}
