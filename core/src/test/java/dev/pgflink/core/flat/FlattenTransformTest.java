package dev.pgflink.core.flat;

import static dev.pgflink.core.Fixtures.bytes;
import static dev.pgflink.core.Fixtures.lines;
import static dev.pgflink.core.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FlattenTransformTest {
    private final FlattenTransform transform = new FlattenTransform();

    private static JsonNode json(TransformResult result) throws IOException {
        return DmsJson.mapper().readTree(result.line());
    }

    @Test
    void flattensTheNineOrderSampleIntoNineLines() {
        List<TransformResult> results = lines("sample/nine-orders.jsonl").stream()
                .map(transform::apply)
                .collect(Collectors.toList());

        assertThat(results).extracting(TransformResult::kind).containsOnly(TransformResult.Kind.DATA).hasSize(9);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.lineText()).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
            assertThat(r.metadata().tableName()).isEqualTo("orders");
        });
    }

    @Test
    void writesColumnsAsDmsSentThemThenTheChangeMetadata() {
        TransformResult olivia = transform.apply(lines("sample/nine-orders.jsonl").get(8));

        assertThat(olivia.lineText()).isEqualTo("{\"id\":35,\"order_number\":\"2156428\","
                + "\"customer_name\":\"Olivia Moore\",\"status\":\"Cancelled\",\"total_amount\":27.3,"
                + "\"payment_status\":\"Refunded\",\"delivery_address\":\"258 Willow St, Springfield\","
                + "\"delivery_notes\":\"Customer cancelled the order\",\"created_at\":\"2024-12-16T10:24:15.889986Z\","
                + "\"updated_at\":\"2024-12-16T10:24:15.889986Z\","
                + "\"estimated_delivery_time\":\"2024-12-16T10:24:15.889986Z\",\"restaurant_id\":1,"
                + "\"__op\":\"insert\",\"__schema\":\"delivery\",\"__table\":\"orders\","
                + "\"__timestamp\":\"2024-12-16T13:24:38.633186Z\",\"__transaction_id\":554249}\n");
    }

    @Test
    void leavesOutTheNullDriverIdAsDmsDid() throws IOException {
        JsonNode olivia = json(transform.apply(lines("sample/nine-orders.jsonl").get(8)));

        assertThat(olivia.has("driver_id")).isFalse();
    }

    @Test
    void prettyPrintedAndUnformattedInputGiveTheSameLine() {
        TransformResult pretty = transform.apply(bytes("sample/order-2156428-pretty.json"));
        TransformResult oneLine = transform.apply(new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED)
                .write(new DmsRecordParser().parse(bytes("sample/order-2156428-pretty.json")).record()));

        assertThat(pretty.lineText()).isEqualTo(oneLine.lineText());
    }

    @Test
    void anUpdateCarriesItsBeforeImageAndTransactionDetails() throws IOException {
        JsonNode update = json(transform.apply(bytes("sample/order-update-with-before-image.json")));

        assertThat(update.get("status").asText()).isEqualTo("Delivered");
        assertThat(update.get(FlatFields.BEFORE_IMAGE).get("status").asText()).isEqualTo("Cancelled");
        assertThat(update.get(FlatFields.OPERATION).asText()).isEqualTo("update");
        assertThat(update.get(FlatFields.COMMIT_TIMESTAMP).asText()).isEqualTo("2024-12-16T13:40:02.112301Z");
        assertThat(update.get(FlatFields.TRANSACTION_ID).asLong()).isEqualTo(554260L);
        assertThat(update.get(FlatFields.TRANSACTION_RECORD_ID).asLong()).isEqualTo(1L);
        assertThat(update.get(FlatFields.STREAM_POSITION).asText()).isEqualTo("00000002/7C007178.3.00000002/7C007178");
    }

    @Test
    void theBeforeImageIsFoundUnderAConfiguredName() throws IOException {
        byte[] renamed = utf8(new String(bytes("sample/order-update-with-before-image.json"))
                .replace("\"before-image\"", "\"prior\""));

        JsonNode update = json(new FlattenTransform("prior").apply(renamed));

        assertThat(update.get(FlatFields.BEFORE_IMAGE).get("status").asText()).isEqualTo("Cancelled");
    }

    @Test
    void aDeleteKeepsTheKeyColumnsItCarries() {
        TransformResult delete = transform.apply(bytes("sample/order-delete.json"));

        assertThat(delete.lineText()).isEqualTo("{\"id\":31,\"__op\":\"delete\",\"__schema\":\"delivery\","
                + "\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:45:00.000001Z\",\"__transaction_id\":554270}\n");
        assertThat(delete.metadata().operation()).isEqualTo(Operation.DELETE);
    }

    @Test
    void aLoadHasNoTransactionAndKeepsNumbersExactly() {
        String load = transform.apply(bytes("sample/order-load.json")).lineText();

        assertThat(load).contains("\"total_amount\":1234567890.123456789,")
                .contains("\"driver_id\":9223372036854775807,")
                .contains("\"__op\":\"load\"")
                .doesNotContain(FlatFields.TRANSACTION_ID);
    }

    @Test
    void numbersKeepTheirTextWhateverTheirShape() {
        String line = transform.apply(utf8("{\"data\":{\"a\":1E+400,\"b\":-0.000000000000000000001,\"c\":1.50,"
                + "\"d\":123456789012345678901234567890,\"e\":[1.10,{\"f\":2e-3}]},\"metadata\":{\"timestamp\":"
                + "\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\"}}")).lineText();

        assertThat(line).startsWith("{\"a\":1E+400,\"b\":-0.000000000000000000001,\"c\":1.50,"
                + "\"d\":123456789012345678901234567890,\"e\":[1.10,{\"f\":2e-3}],");
    }

    @Test
    void stringsSurviveEscapesAndUnicode() throws IOException {
        JsonNode line = json(transform.apply(utf8("{\"data\":{\"s\":\"tab\\there \\\"q\\\" \\u00e9 ✓ 😀 \\\\\"},"
                + "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}")));

        assertThat(line.get("s").asText()).isEqualTo("tab\there \"q\" é ✓ 😀 \\");
    }

    @Test
    void stringsAreCopiedAsDmsEscapedThem() {
        String line = transform.apply(utf8("{\"data\":{\"s\":\"caf\\u00e9 \\/ ok\",\"t\":\"\"},"
                + "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}")).lineText();

        assertThat(line).startsWith("{\"s\":\"caf\\u00e9 \\/ ok\",\"t\":\"\",");
    }

    @Test
    void nestedValuesInPrettyPrintedInputBecomeOneLine() {
        String pretty = "{\n  \"data\" : {\n    \"tags\" : [ \"a\" , \"b\\\"\" ,\t{ \"k\" : [ 1.50 , null , true ] } ],\n"
                + "    \"empty\" : { } , \"none\" : [ ]\n  },\n  \"before-image\" : { \"tags\" : [ \"x\" ] },\n"
                + "  \"metadata\" : { \"timestamp\" : \"2024-12-16T14:00:00.000000Z\", \"record-type\" : \"data\",\n"
                + "    \"operation\" : \"update\", \"schema-name\" : \"s\", \"table-name\" : \"t\" }\n}\n";

        assertThat(transform.apply(utf8(pretty)).lineText()).isEqualTo("{\"tags\":[\"a\",\"b\\\"\",{\"k\":[1.50,null,true]}],"
                + "\"empty\":{},\"none\":[],\"__before\":{\"tags\":[\"x\"]},\"__op\":\"update\",\"__schema\":\"s\","
                + "\"__table\":\"t\",\"__timestamp\":\"2024-12-16T14:00:00.000000Z\"}\n");
    }

    @Test
    void aSourceColumnNamedLikeMetadataGetsOneMoreUnderscore() throws IOException {
        JsonNode line = json(transform.apply(utf8("{\"data\":{\"__op\":\"mine\",\"___x\":1,\"_y\":2,\"__\":3},"
                + "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}")));

        assertThat(line.get("___op").asText()).isEqualTo("mine");
        assertThat(line.get("__op").asText()).isEqualTo("insert");
        assertThat(line.get("____x").asInt()).isEqualTo(1);
        assertThat(line.get("_y").asInt()).isEqualTo(2);
        assertThat(line.get("___").asInt()).isEqualTo(3);
    }

    @Test
    void columnAndMetadataNamesMapBackWithoutAmbiguity() {
        assertThat(FlatFields.sourceColumnName("___op")).isEqualTo("__op");
        assertThat(FlatFields.sourceColumnName("id")).isEqualTo("id");
        assertThat(FlatFields.sourceColumnName("__op")).isNull();
        assertThat(FlatFields.isMetadataField(FlatFields.BEFORE_IMAGE)).isTrue();
        for (String column : List.of("id", "_x", "__x", "___x", "__", "_", "")) {
            assertThat(FlatFields.sourceColumnName(FlatFields.flatColumnName(column))).isEqualTo(column);
        }
    }

    @Test
    void aControlRecordBecomesItsMetadataAndDetails() {
        TransformResult control = transform.apply(bytes("sample/control-add-column.json"));

        assertThat(control.kind()).isEqualTo(TransformResult.Kind.CONTROL);
        assertThat(control.metadata().operation()).isEqualTo(Operation.ADD_COLUMN);
        assertThat(control.lineText()).startsWith("{\"__op\":\"add-column\",\"__schema\":\"delivery\","
                + "\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T14:00:00.000000Z\","
                + "\"__control\":{\"table-def\":{\"columns\":{\"id\":{\"type\":\"INT32\"");
    }

    @Test
    void aRecordWithMetadataFirstGivesTheSameLine() {
        String dataFirst = transform.apply(bytes("sample/order-delete.json")).lineText();
        String metadataFirst = transform.apply(utf8("{\"metadata\":{\"timestamp\":\"2024-12-16T13:45:00.000001Z\","
                + "\"record-type\":\"data\",\"operation\":\"delete\",\"partition-key-type\":\"schema-table\","
                + "\"schema-name\":\"delivery\",\"table-name\":\"orders\",\"transaction-id\":554270},"
                + "\"data\":{\"id\":31}}")).lineText();

        assertThat(metadataFirst).isEqualTo(dataFirst);
    }

    @Test
    void unknownFieldsAreNotCopiedIntoTheFlatRecord() {
        String line = transform.apply(utf8("{\"data\":{\"id\":1},\"extra\":{\"x\":1},\"metadata\":{\"timestamp\":"
                + "\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\",\"new\":1}}")).lineText();

        assertThat(line).isEqualTo("{\"id\":1,\"__op\":\"insert\",\"__schema\":\"s\",\"__table\":\"t\","
                + "\"__timestamp\":\"2024-12-16T14:00:00.000000Z\"}\n");
    }

    @Test
    void oneInstanceTransformsManyRecordsInARowIndependently() {
        byte[] good = bytes("sample/order-delete.json");
        String expected = transform.apply(good).lineText();

        transform.apply(utf8("{\"data\":{\"id\":1"));
        transform.apply(bytes("sample/control-add-column.json"));

        assertThat(transform.apply(good).lineText()).isEqualTo(expected);
    }

    @Test
    void namesPredictedFromThePreviousRecordNeverChangeTheLine() {
        String meta = ",\"metadata\":{\"timestamp\":\"2024-12-16T13:24:38.504090Z\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"partition-key-type\":\"schema-table\",\"schema-name\":\"s\","
                + "\"table-name\":\"t\",\"transaction-id\":1}}";
        String escapedMeta = meta.replace("\"operation\"", "\"\\u006fperation\"")
                .replace("\"table-name\"", "\"table\\u002dname\"");
        List<String> records = List.of(
                "{\"data\":{\"id\":1,\"name\":\"a\",\"__op\":\"x\"}" + meta,
                "{\"data\":{\"id\":2,\"name\":\"b\",\"__op\":\"y\"}" + meta,
                // Escaped forms of the predicted names: read the slow way, written as before.
                "{\"data\":{\"\\u0069d\":3,\"n\\u0061me\":\"c\",\"__op\":\"z\"}" + escapedMeta,
                // Another table, another order, fewer and more columns, a name that is a prefix.
                "{\"data\":{\"name\":\"d\",\"id\":4}" + meta,
                "{\"data\":{\"i\":5,\"id\":6,\"name\":\"e\",\"__op\":\"w\",\"extra\":[1,{\"id\":\"f\"}]}" + meta,
                "{\"data\":{}" + meta,
                "{\"data\":{\"id\":7,\"name\":\"g\",\"__op\":\"v\"}" + meta);

        for (String record : records) {
            assertThat(transform.apply(utf8(record)).lineText())
                    .isEqualTo(new FlattenTransform().apply(utf8(record)).lineText());
        }
        assertThat(new FlattenTransform().apply(utf8(records.get(2))).lineText())
                .startsWith("{\"id\":3,\"name\":\"c\",\"___op\":\"z\",\"__op\":\"insert\"")
                .contains("\"__table\":\"t\"");
    }

    @Test
    void eventTimeComesWithTheResult() {
        TransformResult update = transform.apply(bytes("sample/order-update-with-before-image.json"));

        assertThat(update.metadata().eventTimeMillis()).isEqualTo(1_734_356_402_112L);
    }

    @Test
    void dataAfterAddDropAndRenameColumnKeepsFlatteningAsSent() {
        String md = "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\",\"record-type\":\"%s\","
                + "\"operation\":\"%s\",\"schema-name\":\"delivery\",\"table-name\":\"orders\"}";
        List<String> stream = List.of(
                "{\"data\":{\"id\":1,\"tip\":null}," + String.format(md, "data", "insert") + "}",
                "{" + String.format(md, "control", "add-column") + "}",
                "{\"data\":{\"id\":2,\"tip\":1.5,\"note\":\"new\"}," + String.format(md, "data", "insert") + "}",
                "{" + String.format(md, "control", "drop-column") + "}",
                "{\"data\":{\"id\":3,\"note\":\"x\"}," + String.format(md, "data", "insert") + "}",
                "{" + String.format(md, "control", "rename-column") + "}",
                "{\"data\":{\"id\":4,\"remark\":\"x\"}," + String.format(md, "data", "update") + "}");

        List<String> lines = stream.stream().map(json -> transform.apply(utf8(json)))
                .map(r -> r.kind() + " " + r.lineText().substring(0, r.kind() == TransformResult.Kind.DATA
                        ? r.lineText().indexOf("\"__op\"") : r.lineText().indexOf(',') + 1))
                .collect(Collectors.toList());

        assertThat(lines).containsExactly("DATA {\"id\":1,\"tip\":null,", "CONTROL {\"__op\":\"add-column\",",
                "DATA {\"id\":2,\"tip\":1.5,\"note\":\"new\",", "CONTROL {\"__op\":\"drop-column\",",
                "DATA {\"id\":3,\"note\":\"x\",", "CONTROL {\"__op\":\"rename-column\",",
                "DATA {\"id\":4,\"remark\":\"x\",");
    }
}
