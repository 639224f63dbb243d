package dev.pgflink.capture.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.capture.render.RenderedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The batching and retry rules, against a recording stand-in for PutRecords (the real API is
 * exercised by the capture tests in local/).
 */
class KinesisBatchWriterTest {

    /** Records every call; fails the entries the predicate picks, once each. */
    private static final class RecordingKinesis implements KinesisClient {
        final List<List<String>> calls = new ArrayList<>();
        final List<String> accepted = new ArrayList<>();
        private final Predicate<String> failOnce;
        private final List<String> failed = new ArrayList<>();

        RecordingKinesis(Predicate<String> failOnce) {
            this.failOnce = failOnce;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            List<String> call = request.records().stream().map(e -> e.data().asUtf8String()).collect(Collectors.toList());
            calls.add(call);
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failures = 0;
            for (PutRecordsRequestEntry entry : request.records()) {
                String data = entry.data().asUtf8String();
                if (failOnce.test(data) && !failed.contains(data)) {
                    failed.add(data);
                    failures++;
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException").build());
                } else {
                    accepted.add(data);
                    results.add(PutRecordsResultEntry.builder().sequenceNumber("1").shardId("s").build());
                }
            }
            return PutRecordsResponse.builder().failedRecordCount(failures).records(results).build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }

    private static RenderedRecord record(String data, String key) {
        return new RenderedRecord(data.getBytes(StandardCharsets.UTF_8), key, 0);
    }

    @Test
    void sendsAtMost500RecordsPerCall() {
        RecordingKinesis kinesis = new RecordingKinesis(d -> false);
        KinesisBatchWriter writer = new KinesisBatchWriter(kinesis, "s", r -> { });

        for (int i = 0; i < 1_201; i++) {
            writer.add(record("r" + i, "k"));
        }
        writer.flush();

        assertThat(kinesis.calls).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(writer.recordsPut()).isEqualTo(1_201);
    }

    @Test
    void keepsEachCallUnderFiveMebibytes() {
        RecordingKinesis kinesis = new RecordingKinesis(d -> false);
        KinesisBatchWriter writer = new KinesisBatchWriter(kinesis, "s", r -> { });
        String big = "x".repeat(1_000_000);

        for (int i = 0; i < 6; i++) {
            writer.add(record(big + i, "k"));
        }
        writer.flush();

        assertThat(kinesis.calls).extracting(List::size).containsExactly(5, 1);
    }

    @Test
    void reportsARecordOverOneMebibyteInsteadOfSendingIt() {
        RecordingKinesis kinesis = new RecordingKinesis(d -> false);
        List<RenderedRecord> oversize = new ArrayList<>();
        KinesisBatchWriter writer = new KinesisBatchWriter(kinesis, "s", oversize::add);

        writer.add(record("x".repeat(KinesisBatchWriter.MAX_BYTES_PER_RECORD), "key"));
        writer.add(record("small", "key"));
        writer.flush();

        assertThat(oversize).hasSize(1);
        assertThat(writer.oversizeRecords()).isEqualTo(1);
        assertThat(kinesis.accepted).containsExactly("small");
    }

    @Test
    void aFailedRecordIsRetriedBeforeTheLaterRecordsOfItsKey() {
        RecordingKinesis kinesis = new RecordingKinesis(d -> d.equals("a2"));
        KinesisBatchWriter writer = new KinesisBatchWriter(kinesis, "s", r -> { });

        for (String data : List.of("a1", "b1", "a2", "b2", "a3", "b3")) {
            writer.add(record(data, data.substring(0, 1)));
        }
        writer.flush();

        // a3 was accepted in the first call but is sent again after a2, so the last copy of each
        // record of key "a" is in order; key "b" is untouched.
        assertThat(kinesis.calls).hasSize(2);
        assertThat(kinesis.calls.get(1)).containsExactly("a2", "a3");
        assertThat(kinesis.accepted.stream().filter(d -> d.startsWith("b"))).containsExactly("b1", "b2", "b3");
        assertThat(writer.recordsResent()).isEqualTo(1);
        assertThat(writer.recordsPut()).isEqualTo(6);
    }
}
