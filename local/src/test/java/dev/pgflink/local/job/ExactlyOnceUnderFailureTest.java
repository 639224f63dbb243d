package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * 50,000 changes while the only task manager is killed three times mid-stream: afterwards every
 * record is in raw exactly once (by Kinesis sequence number) and in transformed exactly once (by
 * its row id). The outputs are gzip part files (a bulk format, rolled at each checkpoint): the
 * plain row format's exactly-once is proven by the resilience and spread-table tests.
 */
@ExtendWith(LocalServicesExtension.class)
class ExactlyOnceUnderFailureTest {
    private static final int RECORDS = 50_000;
    private static final int KILLS = 3;

    @Test
    void everyRecordLandsExactlyOnceAcrossThreeTaskManagerKills(Kinesalite kinesis, LocalS3 s3) throws Exception {
        String stream = LocalServicesExtension.uniqueName("cdc");
        String bucket = LocalServicesExtension.uniqueName("lake");
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 4);
            s3.createBucket(s3Client, bucket);
            JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS), i -> "delivery.orders." + i % 16);

            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    // Slow reading on purpose, so the failures fall mid-stream.
                    .set(JobProperty.GETRECORDS_MAX, 250).set(JobProperty.GETRECORDS_INTERVAL_MS, 200)
                    .set(JobProperty.WINDOW_SIZE_MS, 10_000).set(JobProperty.CHECKPOINT_INTERVAL_MS, 500)
                    .set(JobProperty.PARALLELISM, 2).set(JobProperty.COMPRESSION, "gzip").toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            S3Layout layout = S3Layout.defaults();
            String raw = layout.prefix(S3Layout.FlinkOutput.RAW);
            String transformed = layout.prefix(S3Layout.FlinkOutput.TRANSFORMED);

            try (MiniClusterJob job = MiniClusterJob.submit(config)) {
                int lastObjects = 0;
                List<Integer> rawLinesAtKill = new ArrayList<>();
                for (int kill = 0; kill < KILLS; kill++) {
                    int before = lastObjects;
                    job.await("raw files committed before kill " + (kill + 1),
                            () -> outputs.keys(raw).size() >= before + 3);
                    rawLinesAtKill.add(outputs.lines(raw).size());
                    job.killTaskManager();
                    lastObjects = outputs.keys(raw).size();
                }
                job.await("all records in raw and transformed",
                        () -> outputs.lines(raw).size() >= RECORDS && outputs.lines(transformed).size() >= RECORDS);
                // Two more checkpoints: anything replayed twice would show up by now.
                Thread.sleep(1500);

                assertThat(rawLinesAtKill).allSatisfy(n -> assertThat(n).isBetween(1, RECORDS - 1));
                Map<String, Long> bySequence = outputs.lines(raw).stream().map(SourceRecordLines::read)
                        .collect(Collectors.groupingBy(r -> r.shardId() + "/" + r.sequenceNumber(), Collectors.counting()));
                assertThat(bySequence).hasSize(RECORDS);
                assertThat(bySequence.values()).containsOnly(1L);

                Map<Long, Long> byId = new java.util.HashMap<>();
                List<String> transformedKeys = outputs.keys(transformed);
                assertThat(transformedKeys.stream().filter(S3Layout::isCommittedFlinkPart))
                        .isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".jsonl.gz"));
                outputs.lines(transformed).forEach(line -> byId.merge(S3Outputs.json(line).get("id").asLong(), 1L, Long::sum));
                assertThat(byId).hasSize(RECORDS);
                assertThat(byId.values()).containsOnly(1L);
                System.out.printf("exactly-once: %d records, %d task manager kills at raw lines %s, "
                        + "raw and transformed each exactly once%n", RECORDS, KILLS, rawLinesAtKill);
            }
        }
    }
}
