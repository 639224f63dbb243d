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
}
