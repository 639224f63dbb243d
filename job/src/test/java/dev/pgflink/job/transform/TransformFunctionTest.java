package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.job.source.KinesisRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class TransformFunctionTest {
    static final String INSERT = "{\"data\":{\"id\":1,\"name\":\"Olivia\"},\"metadata\":{\"timestamp\":"
            + "\"2024-12-16T13:24:38.504090Z\",\"record-type\":\"data\",\"operation\":\"insert\","
            + "\"partition-key-type\":\"schema-table\",\"schema-name\":\"delivery\",\"table-name\":\"orders\","
            + "\"transaction-id\":554249}}";
    static final String CONTROL = "{\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":"
            + "\"control\",\"operation\":\"add-column\",\"schema-name\":\"delivery\",\"table-name\":\"orders\"}}";

    static KinesisRecord record(String json, String sequenceNumber) {
        return new KinesisRecord(json.getBytes(StandardCharsets.UTF_8), "cdc", "shardId-000000000000", sequenceNumber,
                "delivery.orders", 1_734_355_478_600L);
    }

    @Test
    void routesDataControlAndBadRecordsToTheirOutputs() throws Exception {
        try (OneInputStreamOperatorTestHarness<KinesisRecord, FlatRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new TransformFunction("before-image"))) {
            harness.processElement(record(INSERT, "1"), 0);
            harness.processElement(record(CONTROL, "2"), 0);
            harness.processElement(record("{\"data\":", "3"), 0);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(flat -> {
                assertThat(flat.tableKey()).isEqualTo("delivery.orders");
                assertThat(flat.operation).isEqualTo("insert");
                assertThat(flat.eventTimeMillis).isEqualTo(1_734_355_478_504L);
                assertThat(flat.sequenceNumber).isEqualTo("1");
                assertThat(new String(flat.line, StandardCharsets.UTF_8)).startsWith("{\"id\":1,\"name\":\"Olivia\",\"__op\":\"insert\"");
            });
            assertThat(harness.getSideOutput(TransformFunction.CONTROL)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().operation).isEqualTo("add-column"));
            assertThat(harness.getSideOutput(TransformFunction.ERRORS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().errorType).isEqualTo(ErrorType.NOT_JSON);
                assertThat(r.getValue().record.sequenceNumber).isEqualTo("3");
                assertThat(new String(r.getValue().record.data, StandardCharsets.UTF_8)).isEqualTo("{\"data\":");
            });
        }
    }

    @Test
    void aRecordThatIsNotStrictUtf8GoesToTheErrorsAsNotUtf8() throws Exception {
        // ED A0 80: the surrogate U+D800 encoded as if it were a character; Jackson alone lets it through.
        byte[] prefix = "{\"data\":{\"id\":1,\"name\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = INSERT.substring(INSERT.indexOf("\"},")).getBytes(StandardCharsets.UTF_8);
        byte[] surrogate = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, surrogate, 0, prefix.length);
        surrogate[prefix.length] = (byte) 0xED;
        surrogate[prefix.length + 1] = (byte) 0xA0;
        surrogate[prefix.length + 2] = (byte) 0x80;
        System.arraycopy(suffix, 0, surrogate, prefix.length + 3, suffix.length);

        try (OneInputStreamOperatorTestHarness<KinesisRecord, FlatRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new TransformFunction("before-image"))) {
            harness.processElement(new KinesisRecord(surrogate, "cdc", "shardId-000000000000", "1", "delivery.orders",
                    1_734_355_478_600L), 0);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(TransformFunction.ERRORS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().errorType).isEqualTo(ErrorType.NOT_UTF8);
                assertThat(r.getValue().reason).isEqualTo("not UTF-8 at byte " + prefix.length
                        + ": ED A0 80 (a UTF-16 surrogate, U+D800..U+DFFF)");
                assertThat(r.getValue().record.data).isEqualTo(surrogate);
            });
        }
    }
}
