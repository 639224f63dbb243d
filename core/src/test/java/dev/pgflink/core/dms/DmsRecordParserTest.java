package dev.pgflink.core.dms;

import static dev.pgflink.core.Fixtures.bytes;
import static dev.pgflink.core.Fixtures.lines;
import static dev.pgflink.core.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DmsRecordParserTest {
    private final DmsRecordParser parser = new DmsRecordParser();

    @Test
    void parsesTheNineOrderSampleAsOneTransactionOfInserts() {
        List<DmsRecord> records = lines("sample/nine-orders.jsonl").stream()
                .map(bytes -> parser.parse(bytes).record())
                .collect(Collectors.toList());

        assertThat(records).hasSize(9);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.recordType()).isEqualTo(RecordType.DATA);
            assertThat(r.metadata().operation()).isEqualTo(Operation.INSERT);
            assertThat(r.metadata().schemaName()).isEqualTo("delivery");
            assertThat(r.metadata().tableName()).isEqualTo("orders");
            assertThat(r.metadata().transactionId()).isEqualTo(554249L);
        });
    }

    @Test
    void keepsANullColumnLeftOutByDms() {
        DmsRecord olivia = parser.parse(lines("sample/nine-orders.jsonl").get(8)).record();

        assertThat(olivia.data().get("customer_name").asText()).isEqualTo("Olivia Moore");
        assertThat(olivia.data().has("driver_id")).isFalse();
        assertThat(olivia.data().get("total_amount").decimalValue()).isEqualByComparingTo("27.30");
    }

    @Test
    void readsPrettyPrintedJsonLikeUnformatted() {
        DmsRecord pretty = parser.parse(bytes("sample/order-2156428-pretty.json")).record();
        DmsRecord oneLine = parser.parse(lines("sample/nine-orders.jsonl").get(8)).record();

        assertThat(pretty.data()).isEqualTo(oneLine.data());
        assertThat(pretty.metadata().timestamp()).isEqualTo("2024-12-16T13:24:38.639188Z");
    }

    @Test
    void readsEveryMetadataField() {
        DmsMetadata m = parser.parse(bytes("sample/order-update-with-before-image.json")).record().metadata();

        assertThat(m.timestamp()).isEqualTo("2024-12-16T13:40:02.500101Z");
        assertThat(m.recordType()).isEqualTo(RecordType.DATA);
        assertThat(m.operation()).isEqualTo(Operation.UPDATE);
        assertThat(m.partitionKeyType()).isEqualTo("schema-table");
        assertThat(m.schemaName()).isEqualTo("delivery");
        assertThat(m.tableName()).isEqualTo("orders");
        assertThat(m.transactionId()).isEqualTo(554260L);
        assertThat(m.transactionRecordId()).isEqualTo(1L);
        assertThat(m.prevTransactionId()).isEqualTo(554249L);
        assertThat(m.prevTransactionRecordId()).isEqualTo(9L);
        assertThat(m.commitTimestamp()).isEqualTo("2024-12-16T13:40:02.112301Z");
        assertThat(m.streamPosition()).isEqualTo("00000002/7C007178.3.00000002/7C007178");
    }

    @Test
    void eventTimeIsTheCommitTimeWhenPresentElseTheDmsTimestamp() {
        DmsMetadata withCommit = parser.parse(bytes("sample/order-update-with-before-image.json")).record().metadata();
        DmsMetadata withoutCommit = parser.parse(bytes("sample/order-delete.json")).record().metadata();

        assertThat(withCommit.eventTimeMicros()).isEqualTo(DmsTimestamps.parseMicros("2024-12-16T13:40:02.112301Z"));
        assertThat(withoutCommit.eventTimeMicros()).isEqualTo(DmsTimestamps.parseMicros("2024-12-16T13:45:00.000001Z"));
    }

    @Test
    void readsTheBeforeImageOfAnUpdate() {
        DmsRecord update = parser.parse(bytes("sample/order-update-with-before-image.json")).record();

        assertThat(update.beforeImage().get("status").asText()).isEqualTo("Cancelled");
        assertThat(update.data().get("status").asText()).isEqualTo("Delivered");
    }

    @Test
    void readsTheBeforeImageUnderAConfiguredFieldName() {
        String renamed = new String(bytes("sample/order-update-with-before-image.json"))
                .replace("\"before-image\"", "\"old\"");

        DmsRecord update = new DmsRecordParser("old").parse(utf8(renamed)).record();
        DmsRecord defaultName = parser.parse(utf8(renamed)).record();

        assertThat(update.beforeImage().get("status").asText()).isEqualTo("Cancelled");
        assertThat(defaultName.beforeImage()).isNull();
        assertThat(defaultName.extraFields().get("old").get("status").asText()).isEqualTo("Cancelled");
    }

    @Test
    void readsADeleteWithOnlyItsKey() {
        DmsRecord delete = parser.parse(bytes("sample/order-delete.json")).record();

        assertThat(delete.metadata().operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.data()).isEqualTo(JsonNodeFactory.instance.objectNode().put("id", 31));
    }

    @Test
    void readsAFullLoadRecordWithoutTransactionAndWithExactNumbers() {
        DmsRecord load = parser.parse(bytes("sample/order-load.json")).record();

        assertThat(load.metadata().operation()).isEqualTo(Operation.LOAD);
        assertThat(load.metadata().transactionId()).isNull();
        assertThat(load.data().get("total_amount").decimalValue()).isEqualTo(new BigDecimal("1234567890.123456789"));
        assertThat(load.data().get("driver_id").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void readsAControlRecordWithItsTableDefinition() {
        DmsRecord control = parser.parse(bytes("sample/control-add-column.json")).record();

        assertThat(control.recordType()).isEqualTo(RecordType.CONTROL);
        assertThat(control.metadata().operation()).isEqualTo(Operation.ADD_COLUMN);
        assertThat(control.data()).isNull();
        assertThat(control.control().at("/table-def/columns/tip_amount/type").asText()).isEqualTo("NUMERIC");
    }

    @Test
    void acceptsAControlRecordWithoutDetailsAndWithEmptyNames() {
        DmsRecord control = parser.parse(utf8("{\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\","
                + "\"record-type\":\"control\",\"operation\":\"create-table\",\"partition-key-type\":\"task-id\","
                + "\"schema-name\":\"\",\"table-name\":\"\"}}")).record();

        assertThat(control.control()).isNull();
        assertThat(control.metadata().schemaName()).isEmpty();
    }

    @Test
    void keepsUnknownFieldsAtTheTopAndInMetadata() {
        DmsRecord record = parser.parse(utf8("{\"data\":{\"id\":1},\"trace\":[1,{\"a\":null}],"
                + "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\",\"new-dms-field\":7,"
                + "\"nothing\":null}}")).record();

        assertThat(record.extraFields().toString()).isEqualTo("{\"trace\":[1,{\"a\":null}]}");
        assertThat(record.metadata().extraFields().toString()).isEqualTo("{\"new-dms-field\":7,\"nothing\":null}");
    }

    @Test
    void keepsTheTextOfANumberNoBigDecimalHolds() {
        // Found by FlattenTransformFuzzTest: Jackson threw NumberFormatException out of parse().
        byte[] record = utf8("{\"data\":{\"v\":1e576265745755567657},\"metadata\":{"
                + "\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\"},\"x\":[2E-9999999999]}");

        DmsRecord parsed = parser.parse(record).record();

        assertThat(parsed.data().toString()).isEqualTo("{\"v\":1e576265745755567657}");
        assertThat(parsed.extraFields().toString()).isEqualTo("{\"x\":[2E-9999999999]}");
        assertThat(new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED).write(parsed)).isEqualTo(record);
    }

    @Test
    void readsEveryDmsOperation() {
        for (Operation op : Operation.values()) {
            String data = op.recordType() == RecordType.DATA ? "\"data\":{\"id\":1}," : "";
            DmsRecord record = parser.parse(utf8("{" + data + "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\","
                    + "\"record-type\":\"" + op.recordType().wireName() + "\",\"operation\":\"" + op.wireName()
                    + "\",\"schema-name\":\"s\",\"table-name\":\"t\"}}")).record();
            assertThat(record.metadata().operation()).isEqualTo(op);
        }
    }
}
