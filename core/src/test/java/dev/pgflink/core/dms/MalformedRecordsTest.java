package dev.pgflink.core.dms;

import static dev.pgflink.core.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a Kinesis record can fail to be a DMS record, each mapped to exactly one error type. */
class MalformedRecordsTest {
    private static final String TS = "\"timestamp\":\"2024-12-16T14:00:00.000000Z\"";
    private static final String DATA_MD = "{" + TS
            + ",\"record-type\":\"data\",\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}";

    /** One malformed input: a name for the report, its bytes, the error it must get. */
    static final class Case {
        final String name;
        final byte[] bytes;
        final ErrorType expected;

        Case(String name, byte[] bytes, ErrorType expected) {
            this.name = name;
            this.bytes = bytes;
            this.expected = expected;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case text(String name, String json, ErrorType expected) {
        return new Case(name, utf8(json), expected);
    }

    private static String dataRecord(String metadataFields) {
        return "{\"data\":{\"id\":1},\"metadata\":{" + metadataFields + "}}";
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        byte[] huge = new byte[DmsRecordScanner.MAX_RECORD_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        cases.add(new Case("over 1 MiB", huge, ErrorType.RECORD_TOO_LARGE));
        String bigValue = "x".repeat(DmsRecordScanner.MAX_RECORD_BYTES);
        cases.add(text("valid JSON over 1 MiB", "{\"data\":{\"v\":\"" + bigValue + "\"},\"metadata\":" + DATA_MD + "}",
                ErrorType.RECORD_TOO_LARGE));

        cases.add(new Case("invalid UTF-8 byte in a string",
                concat(utf8("{\"data\":{\"v\":\""), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"},\"metadata\":" + DATA_MD + "}")),
                ErrorType.NOT_UTF8));
        cases.add(new Case("Latin-1 encoded text",
                "{\"data\":{\"v\":\"café\"},\"metadata\":{}}".getBytes(StandardCharsets.ISO_8859_1), ErrorType.NOT_UTF8));
        cases.add(new Case("UTF-16 encoded record",
                ("{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + "}").getBytes(StandardCharsets.UTF_16LE),
                ErrorType.NOT_UTF8));
        cases.add(new Case("UTF-16 with byte-order mark",
                ("{\"data\":{},\"metadata\":" + DATA_MD + "}").getBytes(StandardCharsets.UTF_16), ErrorType.NOT_UTF8));
        cases.add(new Case("stray continuation byte", new byte[] {'{', (byte) 0x80, '}'}, ErrorType.NOT_UTF8));
        cases.add(new Case("overlong encoding in a string (C0 AF for '/')",
                stringValue(new byte[] {(byte) 0xC0, (byte) 0xAF}), ErrorType.NOT_UTF8));
        cases.add(new Case("UTF-16 surrogate encoded in UTF-8 (ED A0 80)",
                stringValue(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), ErrorType.NOT_UTF8));
        cases.add(new Case("code point above U+10FFFF (F4 90 80 80)",
                stringValue(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), ErrorType.NOT_UTF8));
        cases.add(text("escaped lone surrogate", "{\"data\":{\"v\":\"\\ud800\"},\"metadata\":" + DATA_MD + "}",
                ErrorType.NOT_UTF8));

        cases.add(new Case("empty record", new byte[0], ErrorType.NOT_JSON));
        cases.add(text("only whitespace", "  \n\t ", ErrorType.NOT_JSON));
        cases.add(text("plain text", "hello world", ErrorType.NOT_JSON));
        cases.add(text("truncated object", "{\"data\":{\"id\":1},\"metadata\":{\"timestamp\":\"2024", ErrorType.NOT_JSON));
        cases.add(text("two concatenated records (Firehose's }{)",
                "{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + "}{\"data\":{\"id\":2},\"metadata\":" + DATA_MD + "}",
                ErrorType.NOT_JSON));
        cases.add(text("trailing garbage", "{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + "} x", ErrorType.NOT_JSON));
        cases.add(text("single quotes", "{'data':{'id':1}}", ErrorType.NOT_JSON));
        cases.add(text("trailing comma", "{\"data\":{\"id\":1,},\"metadata\":" + DATA_MD + "}", ErrorType.NOT_JSON));
        cases.add(text("unquoted field name", "{data:{}}", ErrorType.NOT_JSON));
        cases.add(text("NaN value", "{\"data\":{\"v\":NaN},\"metadata\":" + DATA_MD + "}", ErrorType.NOT_JSON));
        cases.add(text("control character in a string", "{\"data\":{\"v\":\"a\u0001b\"},\"metadata\":" + DATA_MD + "}",
                ErrorType.NOT_JSON));
        cases.add(text("comment", "/* dms */{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + "}", ErrorType.NOT_JSON));
        cases.add(text("nesting deeper than 1000", "{\"data\":{\"v\":" + "[".repeat(1500) + "]".repeat(1500)
                + "},\"metadata\":" + DATA_MD + "}", ErrorType.NOT_JSON));

        cases.add(text("JSON array", "[{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + "}]", ErrorType.NOT_AN_OBJECT));
        cases.add(text("JSON string", "\"insert\"", ErrorType.NOT_AN_OBJECT));
        cases.add(text("JSON number", "42", ErrorType.NOT_AN_OBJECT));
        cases.add(text("JSON null", "null", ErrorType.NOT_AN_OBJECT));
        cases.add(text("JSON boolean", "true", ErrorType.NOT_AN_OBJECT));

        cases.add(text("no metadata", "{\"data\":{\"id\":1}}", ErrorType.MISSING_METADATA));
        cases.add(text("empty object", "{}", ErrorType.MISSING_METADATA));
        cases.add(text("metadata null", "{\"data\":{\"id\":1},\"metadata\":null}", ErrorType.MISSING_METADATA));

        cases.add(text("metadata is a string", "{\"data\":{\"id\":1},\"metadata\":\"insert\"}", ErrorType.INVALID_METADATA));
        cases.add(text("metadata is an array", "{\"data\":{\"id\":1},\"metadata\":[]}", ErrorType.INVALID_METADATA));
        cases.add(text("metadata twice", "{\"data\":{\"id\":1},\"metadata\":" + DATA_MD + ",\"metadata\":" + DATA_MD + "}",
                ErrorType.INVALID_METADATA));
        cases.add(text("no record-type", dataRecord(TS + ",\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\""),
                ErrorType.INVALID_METADATA));
        cases.add(text("no operation", dataRecord(TS + ",\"record-type\":\"data\",\"schema-name\":\"s\",\"table-name\":\"t\""),
                ErrorType.INVALID_METADATA));
        cases.add(text("no timestamp",
                dataRecord("\"record-type\":\"data\",\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\""),
                ErrorType.INVALID_METADATA));
        cases.add(text("timestamp not a date", dataRecord("\"timestamp\":\"yesterday\",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.INVALID_METADATA));
        cases.add(text("timestamp on the 30th of February", dataRecord("\"timestamp\":\"2024-02-30T00:00:00.000000Z\","
                + "\"record-type\":\"data\",\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\""),
                ErrorType.INVALID_METADATA));
        cases.add(text("timestamp is a number", dataRecord("\"timestamp\":1734355478,\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.INVALID_METADATA));
        cases.add(text("commit-timestamp unreadable", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\",\"commit-timestamp\":\"2024-12-16 14:00\""),
                ErrorType.INVALID_METADATA));
        cases.add(text("transaction-id is a string", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\",\"transaction-id\":\"554249\""), ErrorType.INVALID_METADATA));
        cases.add(text("transaction-id is fractional", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\",\"transaction-id\":1.5"), ErrorType.INVALID_METADATA));
        cases.add(text("transaction-id beyond 64 bits", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\",\"transaction-id\":99999999999999999999"),
                ErrorType.INVALID_METADATA));
        cases.add(text("table-name is an object", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":{}"), ErrorType.INVALID_METADATA));
        cases.add(text("data record without table-name", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\""), ErrorType.INVALID_METADATA));
        cases.add(text("data record with empty schema-name", dataRecord(TS + ",\"record-type\":\"data\","
                + "\"operation\":\"insert\",\"schema-name\":\"\",\"table-name\":\"t\""), ErrorType.INVALID_METADATA));

        cases.add(text("record-type unknown", dataRecord(TS + ",\"record-type\":\"ddl\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_RECORD_TYPE));
        cases.add(text("record-type in upper case", dataRecord(TS + ",\"record-type\":\"DATA\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_RECORD_TYPE));
        cases.add(text("record-type empty", dataRecord(TS + ",\"record-type\":\"\",\"operation\":\"insert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_RECORD_TYPE));

        cases.add(text("operation unknown", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"upsert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_OPERATION));
        cases.add(text("operation in upper case", dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"INSERT\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_OPERATION));
        cases.add(text("DDL operation on a data record", dataRecord(TS + ",\"record-type\":\"data\","
                + "\"operation\":\"drop-table\",\"schema-name\":\"s\",\"table-name\":\"t\""), ErrorType.UNKNOWN_OPERATION));
        cases.add(text("data operation on a control record", "{\"metadata\":{" + TS + ",\"record-type\":\"control\","
                + "\"operation\":\"insert\"}}", ErrorType.UNKNOWN_OPERATION));

        cases.add(text("data record without data", "{\"metadata\":" + DATA_MD + "}", ErrorType.MISSING_DATA));
        cases.add(text("data is null", "{\"data\":null,\"metadata\":" + DATA_MD + "}", ErrorType.MISSING_DATA));
        cases.add(text("update with only a before-image", "{\"before-image\":{\"id\":1},\"metadata\":{" + TS
                + ",\"record-type\":\"data\",\"operation\":\"update\",\"schema-name\":\"s\",\"table-name\":\"t\"}}",
                ErrorType.MISSING_DATA));

        cases.add(text("data is an array", "{\"data\":[1,2],\"metadata\":" + DATA_MD + "}", ErrorType.INVALID_DATA));
        cases.add(text("data is a string", "{\"data\":\"id=1\",\"metadata\":" + DATA_MD + "}", ErrorType.INVALID_DATA));
        cases.add(text("data twice", "{\"data\":{\"id\":1},\"data\":{\"id\":2},\"metadata\":" + DATA_MD + "}",
                ErrorType.INVALID_DATA));
        cases.add(text("before-image is a string", "{\"data\":{\"id\":1},\"before-image\":\"x\",\"metadata\":" + DATA_MD + "}",
                ErrorType.INVALID_DATA));
        cases.add(text("control is a number", "{\"control\":3,\"metadata\":{" + TS + ",\"record-type\":\"control\","
                + "\"operation\":\"create-table\"}}", ErrorType.INVALID_DATA));
        return cases;
    }

    private static byte[] stringValue(byte[] inside) {
        return concat(utf8("{\"data\":{\"v\":\""), inside, utf8("\"},\"metadata\":" + DATA_MD + "}"));
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theTransformRejectsItWithItsErrorType(Case c) {
        TransformResult result = new FlattenTransform().apply(c.bytes);

        assertThat(result.kind()).isEqualTo(TransformResult.Kind.REJECTED);
        assertThat(result.rejection().type()).isEqualTo(c.expected);
        assertThat(result.rejection().reason()).isNotBlank();
        assertThat(result.line()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theParserRejectsItTheSameWay(Case c) {
        DmsRecordParser.ParseResult result = new DmsRecordParser().parse(c.bytes);

        assertThat(result.isOk()).isFalse();
        assertThat(result.rejection()).isEqualTo(new FlattenTransform().apply(c.bytes).rejection());
    }

    @Test
    void atLeastThirtyDistinctInputsCoverEveryErrorType() {
        List<Case> cases = cases();
        Set<String> distinct = cases.stream().map(c -> Arrays.toString(c.bytes)).collect(Collectors.toSet());

        assertThat(distinct).hasSize(cases.size()).hasSizeGreaterThanOrEqualTo(30);
        Set<ErrorType> covered = cases.stream().map(c -> c.expected).collect(Collectors.toCollection(HashSet::new));
        assertThat(covered).containsExactlyInAnyOrder(ErrorType.values());
    }

    @Test
    void reasonsNameTheProblem() {
        assertThat(new FlattenTransform().apply(utf8(dataRecord(TS + ",\"record-type\":\"data\",\"operation\":\"upsert\","
                + "\"schema-name\":\"s\",\"table-name\":\"t\""))).rejection().reason())
                .isEqualTo("operation 'upsert' is not a DMS operation");
        assertThat(new FlattenTransform().apply(utf8("[1]")).rejection().reason())
                .isEqualTo("record is an array, not a JSON object");
        assertThat(new FlattenTransform().apply(utf8("{\"data\":{\"id\":1}}")).rejection().reason())
                .isEqualTo("record has no 'metadata' object");
    }
}
