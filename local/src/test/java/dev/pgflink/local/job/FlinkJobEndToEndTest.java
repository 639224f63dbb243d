package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.SourceRecord;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.Loopback;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DMS records on a local Kinesis stream → the job in a MiniCluster → the S3 emulator: every output
 * checked record by record.
 */
@ExtendWith(LocalServicesExtension.class)
class FlinkJobEndToEndTest {
    private static final DmsRecordWriter UNFORMATTED = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED);
    private static final DmsRecordWriter PRETTY = new DmsRecordWriter(MessageFormat.JSON);
    private static final long WINDOW_1324 = Instant.parse("2024-12-16T13:24:00Z").toEpochMilli();
    private static final long WINDOW_1325 = Instant.parse("2024-12-16T13:25:00Z").toEpochMilli();

    private static DmsMetadata.Builder metadata(Operation op, String timestamp, Long transactionId) {
        return DmsMetadata.builder().timestamp(timestamp).operation(op).partitionKeyType("schema-table")
                .schemaName("delivery").tableName("orders").transactionId(transactionId);
    }

    private static ObjectNode order(int id, String customer, String status, String amount, Integer driver) {
        ObjectNode row = JsonNodeFactory.instance.objectNode().put("id", id).put("order_number", "21564" + id)
                .put("customer_name", customer).put("status", status).put("total_amount", new BigDecimal(amount))
                .put("created_at", "2024-12-16T10:24:15.889986Z");
        if (driver != null) {
            row.put("driver_id", driver);
        }
        return row.put("restaurant_id", 1);
    }

    /** The sample scenario, updates with before-images, deletes, a control record; in commit order. */
    static List<byte[]> changes() {
        List<byte[]> records = new ArrayList<>();
        String[] names = {"Emma Johnson", "Liam Smith", "Ava Williams", "Noah Brown", "Sophia Davis", "Mason Miller",
                "Isabella Wilson", "James Taylor", "Olivia Moore"};
        for (int i = 0; i < 9; i++) {
            Integer driver = i == 8 ? null : i + 1;
            DmsRecord insert = DmsRecord.data(metadata(Operation.INSERT, "2024-12-16T13:24:38.5040" + i + "0Z", 554249L)
                    .build(), order(27 + i, names[i], i == 8 ? "Cancelled" : "Pending", i == 8 ? "27.30" : "45.5" + i, driver),
                    null);
            records.add((i % 3 == 0 ? PRETTY : UNFORMATTED).write(insert));
        }
        for (int i = 0; i < 3; i++) {
            ObjectNode before = JsonNodeFactory.instance.objectNode().put("id", 27 + i).put("status", "Pending");
            records.add(UNFORMATTED.write(DmsRecord.data(metadata(Operation.UPDATE, "2024-12-16T13:25:10.00000" + i + "Z",
                    554260L + i).commitTimestamp("2024-12-16T13:25:09.99999" + i + "Z").transactionRecordId(1L).build(),
                    order(27 + i, names[i], "Delivered", "45.5" + i, i + 1), before)));
        }
        for (int i = 0; i < 2; i++) {
            records.add(UNFORMATTED.write(DmsRecord.data(metadata(Operation.DELETE, "2024-12-16T13:25:40.00000" + i + "Z",
                    554270L + i).build(), JsonNodeFactory.instance.objectNode().put("id", 33 + i), null)));
        }
        records.add(UNFORMATTED.write(DmsRecord.control(DmsMetadata.builder().timestamp("2024-12-16T13:25:50.000000Z")
                .operation(Operation.ADD_COLUMN).partitionKeyType("task-id").schemaName("delivery").tableName("orders")
                .build(), JsonNodeFactory.instance.objectNode().put("table-def", "tip_amount NUMERIC(10,2)"))));
        // A later change moves event time on, so the watermark closes the two windows above.
        records.add(UNFORMATTED.write(DmsRecord.data(metadata(Operation.INSERT, "2024-12-16T13:40:00.000000Z", 554300L)
                .build(), order(99, "Ethan Clark", "Pending", "12.00", 2), null)));
        return records;
    }

    static List<byte[]> malformed() {
        List<String> texts = List.of("", "not json", "{\"data\":{\"id\":1}", "[1,2]", "42", "{}",
                "{\"data\":{\"id\":1},\"metadata\":{\"record-type\":\"data\"}}",
                "{\"data\":{\"id\":1},\"metadata\":{\"timestamp\":\"2024-12-16T13:25:00.000000Z\",\"record-type\":\"ddl\","
                        + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}",
                "{\"data\":{\"id\":1},\"metadata\":{\"timestamp\":\"2024-12-16T13:25:00.000000Z\",\"record-type\":\"data\","
                        + "\"operation\":\"upsert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}",
                "{\"metadata\":{\"timestamp\":\"2024-12-16T13:25:00.000000Z\",\"record-type\":\"data\","
                        + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}",
                "{\"a\":1}{\"b\":2}");
        List<byte[]> records = texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
        records.add(new byte[] {'{', (byte) 0xC3, 0x28, '}'});
        return records;
    }

    @Test
    void writesEveryOutputRecordByRecord(KinesisService kinesis, LocalS3 s3) throws Exception {
        String stream = LocalServicesExtension.uniqueName("cdc");
        String bucket = LocalServicesExtension.uniqueName("lake");
        List<byte[]> changes = changes();
        List<byte[]> malformed = malformed();
        int webUiPort = Loopback.freePort();
        try (KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, stream, 2);
            s3.createBucket(s3Client, bucket);
            JobRecords.put(kinesisClient, stream, changes, i -> "delivery.orders");
            JobRecords.put(kinesisClient, stream, malformed, i -> "garbage");

            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, stream, s3, bucket)
                    .set(JobProperty.GETRECORDS_INTERVAL_MS, 100).set(JobProperty.SHARD_DISCOVERY_INTERVAL_MS, 1000)
                    .set(JobProperty.MAX_OUT_OF_ORDERNESS_MS, 1000).set(JobProperty.IDLENESS_MS, 1000)
                    .set(JobProperty.CHECKPOINT_INTERVAL_MS, 500).set(JobProperty.PARALLELISM, 2)
                    .set(JobProperty.WEB_UI_PORT, webUiPort).toMap());
            S3Outputs outputs = new S3Outputs(s3Client, bucket);
            S3Layout layout = S3Layout.defaults();
            String transformed = layout.prefix(S3Layout.FlinkOutput.TRANSFORMED);
            int dataChanges = changes.size() - 1;

            try (JobRun job = JobRun.start(config)) {
                job.await("every output", Duration.ofSeconds(120), () ->
                        outputs.lines(layout.prefix(S3Layout.FlinkOutput.RAW)).size() == changes.size() + malformed.size()
                                && outputs.lines(transformed).size() == dataChanges
                                && outputs.keys(transformed).stream().filter(S3Layout::isManifest).count() == 2
                                && outputs.lines(layout.prefix(S3Layout.FlinkOutput.ERRORS)).size() == malformed.size()
                                && outputs.lines(layout.prefix(S3Layout.FlinkOutput.CONTROL)).size() == 1);
                assertThat(new FlinkWebUi(webUiPort).get("/jobs/overview")).contains("\"state\":\"RUNNING\"");
                assertThat(new FlinkWebUi(webUiPort).get("/")).containsIgnoringCase("<html");
                // Under the KinesisAnalytics group, or Managed Flink never exports them to CloudWatch.
                assertThat(new FlinkWebUi(webUiPort).awaitMetric("flatten", "KinesisAnalytics.recordsRejected", malformed.size()))
                        .isEqualTo(malformed.size());
                assertThat(new FlinkWebUi(webUiPort).awaitMetric("window manifests", "KinesisAnalytics.windowsCompleted", 2)).isEqualTo(2);
            }

            // raw: every record, byte for byte, with its Kinesis metadata
            List<SourceRecord> raw = outputs.lines(layout.prefix(S3Layout.FlinkOutput.RAW)).stream()
                    .map(SourceRecordLines::read).collect(Collectors.toList());
            List<byte[]> sent = new ArrayList<>(changes);
            sent.addAll(malformed);
            assertThat(raw.stream().map(SourceRecord::data).collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(raw).allSatisfy(r -> {
                assertThat(r.stream()).isEqualTo(stream);
                assertThat(r.shardId()).startsWith("shardId-");
                assertThat(r.sequenceNumber()).isNotBlank();
            });
            assertThat(raw.stream().map(SourceRecord::sequenceNumber).distinct().count()).isEqualTo(sent.size());

            // transformed: every data change once, as the core transform makes it, in its table's window
            FlattenTransform transform = new FlattenTransform();
            List<String> expected = changes.stream().map(transform::apply)
                    .filter(r -> r.kind() == dev.pgflink.core.flat.TransformResult.Kind.DATA)
                    .map(r -> r.lineText().trim()).collect(Collectors.toList());
            Map<String, List<String>> byKey = outputs.linesByKey(transformed);
            assertThat(outputs.lines(transformed)).containsExactlyInAnyOrderElementsOf(expected);
            byKey.forEach((key, lines) -> {
                if (S3Layout.holdsRecords(key)) {
                    assertThat(key).matches("flink/transformed/delivery/orders/window=\\d{8}T\\d{6}Z/part-.*\\.jsonl");
                    String window = key.split("/")[4].substring("window=".length());
                    for (String line : lines) {
                        long eventTime = eventTime(line);
                        assertThat(S3Layout.parseWindowLabel(window)).isEqualTo(eventTime - Math.floorMod(eventTime, 60_000L));
                    }
                }
            });

            // manifests: the two closed windows, with their counts
            List<JsonNode> manifests = new ArrayList<>();
            byKey.forEach((key, lines) -> {
                if (S3Layout.isManifest(key)) {
                    assertThat(key).startsWith(transformed + "delivery/orders/window=");
                    lines.forEach(line -> manifests.add(S3Outputs.json(line)));
                }
            });
            assertThat(manifests).hasSize(2);
            JsonNode first = manifests.stream().filter(m -> m.get("window_start").asText().equals("2024-12-16T13:24:00Z"))
                    .findFirst().orElseThrow();
            JsonNode second = manifests.stream().filter(m -> m.get("window_start").asText().equals("2024-12-16T13:25:00Z"))
                    .findFirst().orElseThrow();
            assertThat(first.get("records").asLong()).isEqualTo(9);
            assertThat(first.get("operations").toString()).isEqualTo("{\"insert\":9}");
            assertThat(second.get("records").asLong()).isEqualTo(5);
            assertThat(second.get("operations").toString()).isEqualTo("{\"delete\":2,\"update\":3}");
            assertThat(second.get("window_end").asText()).isEqualTo("2024-12-16T13:26:00Z");
            assertThat(first.get("positions").size()).isEqualTo(1);
            assertThat(WINDOW_1325 - WINDOW_1324).isEqualTo(60_000L);

            // control: the DDL record, under its table
            Map<String, List<String>> control = outputs.linesByKey(layout.prefix(S3Layout.FlinkOutput.CONTROL));
            assertThat(control).hasSize(1);
            control.forEach((key, lines) -> {
                assertThat(key).startsWith("flink/control/delivery/orders/dt=2024-12-16/part-");
                assertThat(lines).singleElement().asString().startsWith("{\"__op\":\"add-column\"");
            });

            // errors: every malformed record with its reason and original bytes
            List<JsonNode> errors = outputs.lines(layout.prefix(S3Layout.FlinkOutput.ERRORS)).stream()
                    .map(S3Outputs::json).collect(Collectors.toList());
            assertThat(errors.stream().map(e -> Base64.getDecoder().decode(e.get("data").asText())).collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(malformed);
            assertThat(errors.stream().map(e -> e.get("error_type").asText()).distinct().collect(Collectors.toList()))
                    .contains("not-json", "not-an-object", "missing-metadata", "invalid-metadata", "unknown-record-type",
                            "unknown-operation", "missing-data", "not-utf8");
            assertThat(errors).allSatisfy(e -> assertThat(e.get("reason").asText()).isNotBlank());
        }
    }

    private static long eventTime(String flatLine) {
        JsonNode line = S3Outputs.json(flatLine);
        String time = line.has("__commit_timestamp") ? line.get("__commit_timestamp").asText() : line.get("__timestamp").asText();
        return Instant.parse(time).toEpochMilli();
    }
}
