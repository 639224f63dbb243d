package dev.pgflink.core.dms;

import static dev.pgflink.core.Fixtures.bytes;
import static dev.pgflink.core.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DmsRecordWriterTest {
    private final DmsRecordParser parser = new DmsRecordParser();

    static Stream<Arguments> records() {
        DmsRecordParser parser = new DmsRecordParser();
        List<Arguments> all = new ArrayList<>();
        for (MessageFormat format : MessageFormat.values()) {
            for (byte[] line : lines("sample/nine-orders.jsonl")) {
                all.add(Arguments.of(format, parser.parse(line).record()));
            }
            for (String fixture : List.of("sample/order-update-with-before-image.json", "sample/order-delete.json",
                    "sample/order-load.json", "sample/control-add-column.json")) {
                all.add(Arguments.of(format, parser.parse(bytes(fixture)).record()));
            }
            all.add(Arguments.of(format, built()));
        }
        return all.stream();
    }

    /** A record made through the builder, with every optional part and unknown fields. */
    private static DmsRecord built() {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("id", 1).put("price", new BigDecimal("1234567890.123456789")).put("note", "ünïcødé \"q\"\n")
                .putNull("gone");
        ObjectNode before = JsonNodeFactory.instance.objectNode().put("id", 1);
        DmsMetadata metadata = DmsMetadata.builder()
                .timestampMicros(1_734_355_478_504_090L)
                .operation(Operation.UPDATE)
                .partitionKeyType("primary-key").partitionKeyValue("public.demo.393")
                .schemaName("public").tableName("demo")
                .transactionId(7L).transactionRecordId(2L).prevTransactionId(6L).prevTransactionRecordId(3L)
                .commitTimestamp("2024-12-16T13:24:38.504000Z").streamPosition("0/1.2.0/1")
                .extraField("future", JsonNodeFactory.instance.textNode("x"))
                .build();
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("top", true);
        return DmsRecord.data(metadata, data, before).withExtraFields(extra);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("records")
    void parseOfWriteIsTheSameRecord(MessageFormat format, DmsRecord record) {
        byte[] written = new DmsRecordWriter(format).write(record);

        assertThat(parser.parse(written).record()).isEqualTo(record);
    }

    @Test
    void unformattedIsOneLineAndJsonIsPrettyPrinted() {
        DmsRecord record = built();

        String unformatted = new String(new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED).write(record),
                StandardCharsets.UTF_8);
        String pretty = new String(new DmsRecordWriter(MessageFormat.JSON).write(record), StandardCharsets.UTF_8);

        assertThat(unformatted).doesNotContain("\n  ").doesNotContain("\n{");
        assertThat(unformatted.lines().count()).isEqualTo(1);
        assertThat(pretty.lines().count()).isGreaterThan(10);
    }

    @Test
    void writesFieldsInDmsOrder() {
        String written = new String(new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED).write(built()),
                StandardCharsets.UTF_8);

        assertThat(written).startsWith("{\"data\":{\"id\":1,\"price\":1234567890.123456789,");
        assertThat(written).contains("\"before-image\":{\"id\":1},\"metadata\":{\"timestamp\":\"2024-12-16T13:24:38.504090Z\","
                + "\"record-type\":\"data\",\"operation\":\"update\",\"partition-key-type\":\"primary-key\","
                + "\"partition-key-value\":\"public.demo.393\",\"schema-name\":\"public\",\"table-name\":\"demo\","
                + "\"transaction-id\":7,\"transaction-record-id\":2,\"prev-transaction-id\":6,"
                + "\"prev-transaction-record-id\":3,\"commit-timestamp\":\"2024-12-16T13:24:38.504000Z\","
                + "\"stream-position\":\"0/1.2.0/1\",\"future\":\"x\"},\"top\":true}");
    }

    @Test
    void reproducesTheSampleRecordByteForByte() {
        byte[] original = lines("sample/nine-orders.jsonl").get(8);

        byte[] written = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED).write(parser.parse(original).record());

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(original, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(MessageFormat.class)
    void writesTheBeforeImageUnderTheConfiguredName(MessageFormat format) {
        byte[] written = new DmsRecordWriter(format, "bi").write(built());

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"bi\"").doesNotContain("before-image");
        assertThat(new DmsRecordParser("bi").parse(written).record()).isEqualTo(built());
    }
}
