package dev.pgflink.core.dms;

import static dev.pgflink.core.Fixtures.bytes;
import static dev.pgflink.core.Fixtures.lines;
import static dev.pgflink.core.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.Fixtures;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transform's output pinned byte for byte: every sample record, every malformed case of
 * {@link MalformedRecordsTest}, and variants of the timestamp and metadata strings, as the
 * transform produced them when this file was written. A change meant to be behaviour-preserving
 * (buffer or generator reuse, caches) must reproduce them, on fresh instances and through one
 * instance fed everything in turn.
 *
 * <p>The golden file holds, per input, a JSON header line (kind, rejection, metadata, parsed
 * instants) and, for a data or control record, the output line exactly as written. To rewrite it
 * after a deliberate change of output: {@code ./mvnw -o -pl core test -Dtest=FlattenGoldenBytesTest
 * -Dgolden.write=true}, then review the diff.
 */
class FlattenGoldenBytesTest {
    private static final String GOLDEN = "golden/flatten-transform.txt";

    private static final String[] SAMPLES = {"sample/order-update-with-before-image.json",
        "sample/control-add-column.json", "sample/order-delete.json", "sample/order-2156428-pretty.json",
        "sample/order-load.json"};

    private static final String[] TIMESTAMPS = {"2024-12-16T13:24:38.504090Z", "2024-12-16T13:24:38.504091Z",
        "2024-12-16T13:24:38Z", "2024-12-16T13:24:38.5Z", "2024-12-16T13:24:38.123456789Z",
        "2024-12-16T13:24:38.1234567890Z", "2024-12-16T13:24:38.Z", "2024-12-16T13:24:38.50409aZ",
        "2024-12-16T13:24:38.504090", "2024-12-16T13:24:38.504090z", "2024-12-16T13:24:38,504090Z",
        "2024-12-16T13:24:38.504090ZZ", "2024-12-16T13:24:38.504090Z ", " 2024-12-16T13:24:38.504090Z",
        "2024-12-16T13:24:38.504090+00:00", "2024-12-16T15:24:38.504090+02:00", "2024-12-16T13:24:38.-04090Z",
        "2024-12-16T13:24:38.504090\\u005a", "2024-12-16T13:24:3\\u0038.504090Z", "2024-12-16t13:24:38.504090Z",
        "2024-12-16T13:24:39.000000Z", "2024-12-16T13:24:60.000000Z", "2024-12-16T24:00:00.000000Z",
        "2024-12-16T23:59:59.999999Z", "2024-02-30T00:00:00.000000Z", "2024-02-29T00:00:00.000000Z",
        "2023-02-29T00:00:00.000000Z", "1969-12-31T23:59:59.999999Z", "0000-01-01T00:00:00.000000Z",
        "+2024-12-16T13:24:38.504090Z", "２０２４-12-16T13:24:38.504090Z"};

    private static final String[] RECORD_TYPES = {"data", "dat\\u0061", "data ", "Data", "dat", "datas", "",
        "control", "contro", "d\\u00e4ta"};

    private static final String[] OPERATIONS = {"insert", "ins\\u0065rt", "update", "delete", "load", "inser",
        "inserts", "INSERT", "", "insért", "insert\\u0000", "drop-table", "column-type-change", "x".repeat(300),
        "\\ud83d\\udce6"};

    private static final String[][] NAMES = {{"delivery", "orders"},
        {"deliver\\u0079", "order\\u0073"}, {"Delivery", "orders"}, {"delivery", "order"}, {"orders", "delivery"},
        {"délivery", "orders"}, {"delivery", "\\ud83d\\udce6"}, {"delivery", "or\\\"ders"}, {"delivery", ""},
        {"", "orders"}, {"s".repeat(200), "t".repeat(200)}, {"delivery", "customers"}};

    /** The golden inputs in a fixed order, by name (names are unique). */
    static Map<String, byte[]> inputs() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        List<byte[]> nine = lines("sample/nine-orders.jsonl");
        for (int i = 0; i < nine.size(); i++) {
            add(inputs, "sample/nine-orders.jsonl line " + (i + 1), nine.get(i));
        }
        add(inputs, "sample/nine-orders.jsonl whole", bytes("sample/nine-orders.jsonl"));
        for (String sample : SAMPLES) {
            add(inputs, sample, bytes(sample));
        }
        for (MalformedRecordsTest.Case c : MalformedRecordsTest.cases()) {
            add(inputs, "malformed: " + c.name, c.bytes);
        }
        String first = new String(nine.get(0), StandardCharsets.UTF_8);
        String timestamp = "\"timestamp\":\"2024-12-16T13:24:38.504090Z\"";
        String metadataEnd = "\"transaction-id\":554249}";
        for (String t : TIMESTAMPS) {
            add(inputs, "timestamp " + t, utf8(replace(first, timestamp, "\"timestamp\":\"" + t + "\"")));
        }
        for (String t : TIMESTAMPS) {
            add(inputs, "commit-timestamp " + t, utf8(replace(first, metadataEnd,
                    "\"transaction-id\":554249,\"commit-timestamp\":\"" + t + "\"}")));
        }
        String recordType = "\"record-type\":\"data\"";
        for (String r : RECORD_TYPES) {
            add(inputs, "record-type " + r, utf8(replace(first, recordType, "\"record-type\":\"" + r + "\"")));
        }
        add(inputs, "record-type null", utf8(replace(first, recordType, "\"record-type\":null")));
        add(inputs, "record-type number", utf8(replace(first, recordType, "\"record-type\":1")));
        String operation = "\"operation\":\"insert\"";
        for (String o : OPERATIONS) {
            add(inputs, "operation " + o, utf8(replace(first, operation, "\"operation\":\"" + o + "\"")));
        }
        add(inputs, "operation null", utf8(replace(first, operation, "\"operation\":null")));
        add(inputs, "operation array", utf8(replace(first, operation, "\"operation\":[\"insert\"]")));
        String names = "\"schema-name\":\"delivery\",\"table-name\":\"orders\"";
        for (String[] n : NAMES) {
            add(inputs, "names " + n[0] + "." + n[1], utf8(replace(first, names,
                    "\"schema-name\":\"" + n[0] + "\",\"table-name\":\"" + n[1] + "\"")));
        }
        add(inputs, "names null", utf8(replace(first, names, "\"schema-name\":null,\"table-name\":null")));
        add(inputs, "names reversed", utf8(replace(first, names,
                "\"table-name\":\"orders\",\"schema-name\":\"delivery\"")));
        String control = new String(bytes("sample/control-add-column.json"), StandardCharsets.UTF_8);
        add(inputs, "control with empty names", utf8(replace(control,
                "\"schema-name\":\"delivery\",\"table-name\":\"orders\"", "\"schema-name\":\"\",\"table-name\":\"\"")));
        add(inputs, "control drop-table", utf8(replace(control, "\"operation\":\"add-column\"",
                "\"operation\":\"drop-tabl\\u0065\"")));
        add(inputs, "metadata with extra fields", utf8(replace(first, operation,
                "\"operation\":\"insert\",\"x-extra\":{\"a\":[1,\"b\"]},\"x-number\":1.50")));
        return inputs;
    }

    private static void add(Map<String, byte[]> inputs, String name, byte[] input) {
        if (inputs.put(name, input) != null) {
            throw new IllegalStateException("two inputs named " + name);
        }
    }

    private static String replace(String text, String target, String replacement) {
        if (!text.contains(target)) {
            throw new IllegalStateException("no " + target + " in " + text);
        }
        return text.replace(target, replacement);
    }

    /** What one input became: the header line and, for a data or control record, its output line. */
    private static final class Outcome {
        final String header;
        final byte[] line;

        Outcome(String header, byte[] line) {
            this.header = header;
            this.line = line;
        }
    }

    private static Outcome outcome(String name, TransformResult result) {
        ObjectNode header = DmsJson.mapper().createObjectNode().put("case", name).put("kind", result.kind().name());
        if (result.kind() == TransformResult.Kind.REJECTED) {
            header.put("type", result.rejection().type().name()).put("reason", result.rejection().reason());
        } else {
            DmsMetadata m = result.metadata();
            header.put("metadata", m.toString())
                    .put("timestampMicros", m.timestampMicros())
                    .put("eventTimeMicros", m.eventTimeMicros())
                    .put("partitionKeyType", m.partitionKeyType())
                    .put("transactionRecordId", m.transactionRecordId())
                    .put("commitTimestamp", m.commitTimestamp())
                    .put("streamPosition", m.streamPosition())
                    .set("extraFields", m.extraFields());
        }
        return new Outcome(header.toString(), result.line());
    }

    private static Map<String, Outcome> readGolden() throws IOException {
        byte[] all = bytes(GOLDEN);
        Map<String, Outcome> golden = new LinkedHashMap<>();
        int at = 0;
        while (at < all.length) {
            int end = lineEnd(all, at);
            String header = new String(all, at, end - at, StandardCharsets.UTF_8);
            at = end + 1;
            JsonNode parsed = DmsJson.mapper().readTree(header);
            byte[] line = null;
            if (!"REJECTED".equals(parsed.get("kind").asText())) {
                end = lineEnd(all, at);
                line = Arrays.copyOfRange(all, at, end + 1);
                at = end + 1;
            }
            golden.put(parsed.get("case").asText(), new Outcome(header, line));
        }
        return golden;
    }

    private static int lineEnd(byte[] all, int from) {
        for (int i = from; i < all.length; i++) {
            if (all[i] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("golden file ends without a newline");
    }

    private static void assertReproduces(Outcome expected, Outcome actual, String name) {
        assertThat(actual.header).as(name).isEqualTo(expected.header);
        if (!Arrays.equals(actual.line, expected.line)) {
            // As text for a readable failure, should the bytes differ.
            assertThat(actual.line == null ? null : new String(actual.line, StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(expected.line == null ? null : new String(expected.line, StandardCharsets.UTF_8));
            assertThat(actual.line).as(name).isEqualTo(expected.line);
        }
    }

    @Test
    void everyInputThroughAFreshTransform() throws IOException {
        Map<String, byte[]> inputs = inputs();
        if (Boolean.getBoolean("golden.write")) {
            write(inputs);
        }
        Map<String, Outcome> golden = readGolden();

        assertThat(golden.keySet()).containsExactlyElementsOf(inputs.keySet());
        inputs.forEach((name, input) ->
                assertReproduces(golden.get(name), outcome(name, new FlattenTransform().apply(input)), name));
    }

    @Test
    void everyInputInTurnThroughOneTransform() throws IOException {
        Map<String, byte[]> inputs = inputs();
        Map<String, Outcome> golden = readGolden();
        List<String> forward = new ArrayList<>(inputs.keySet());
        List<String> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        // Data, control, malformed, data again, round and round.
        List<String> data = new ArrayList<>();
        List<String> control = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (String name : forward) {
            String kind = DmsJson.mapper().readTree(golden.get(name).header).get("kind").asText();
            ("DATA".equals(kind) ? data : "CONTROL".equals(kind) ? control : rejected).add(name);
        }
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < rejected.size(); i++) {
            mixed.add(data.get(i % data.size()));
            mixed.add(control.get(i % control.size()));
            mixed.add(rejected.get(i));
            mixed.add(data.get((i + 1) % data.size()));
        }

        FlattenTransform transform = new FlattenTransform();
        for (List<String> order : List.of(forward, backward, mixed, forward)) {
            for (String name : order) {
                assertReproduces(golden.get(name), outcome(name, transform.apply(inputs.get(name))), name);
            }
        }
        assertThat(control).isNotEmpty();
        assertThat(data.size()).isGreaterThan(30);
    }

    /** Writes the golden file from the transform as it is now (see the class comment). */
    private static void write(Map<String, byte[]> inputs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inputs.forEach((name, input) -> {
            Outcome outcome = outcome(name, new FlattenTransform().apply(input));
            out.writeBytes((outcome.header + "\n").getBytes(StandardCharsets.UTF_8));
            if (outcome.line != null) {
                if (lineEnd(outcome.line, 0) != outcome.line.length - 1) {
                    throw new IllegalStateException(name + ": output is not one line");
                }
                out.writeBytes(outcome.line);
            }
        });
        Path file = Path.of("src/test/resources", GOLDEN);
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
        // The copy the class path reads, so this run checks what it wrote.
        Path copy = Path.of(Fixtures.class.getResource("/sample/order-load.json").getPath())
                .getParent().getParent().resolve(GOLDEN);
        Files.createDirectories(copy.getParent());
        Files.write(copy, out.toByteArray());
    }
}
