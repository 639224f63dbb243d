package dev.pgflink.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.lake.LakeQueryMain;
import dev.pgflink.lake.LakeViews;
import dev.pgflink.lake.SourceTable;
import dev.pgflink.local.load.OrderChanges;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.parity.ParityComparer;
import dev.pgflink.parity.ParityMain;
import dev.pgflink.parity.ParityReport;
import dev.pgflink.parity.S3Location;
import dev.pgflink.parity.S3PathOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole local pipeline on real services (embedded PostgreSQL, the capture, kinesalite, the
 * Flink job in a MiniCluster, the local Firehose with the Lambda handler, S3Proxy on a directory):
 * the nine sample orders through the capture's full load, 20,000 mixed changes with a DDL halfway, and 20 malformed records put
 * straight on the stream by another producer. Both paths must hold every change once and parity must call them equal;
 * each path's change log, replayed, must give back PostgreSQL's table (STATE EQUAL); then a changed, a missing and a duplicated record injected into the Firehose output must each be
 * reported exactly.
 */
class LocalPipelineEndToEndTest {
    private static final int CHANGES = 20_000;
    private static final int MALFORMED = 20;
    private static final String BUCKET = PipelineOptions.BUCKET;

    @TempDir
    Path data;

    @Test
    void everyChangeLandsOnceOnBothPathsAndParityReportsEachInjectedDifference() throws Exception {
        PipelineOptions options = new PipelineOptions(data, false, null, null, null, 2_000, CHANGES, CHANGES / 2, null,
                Duration.ofSeconds(1), Duration.ofMillis(500), 256 * 1024, Duration.ofSeconds(1), Loopback.freePort(), 2,
                Duration.ofSeconds(5), Compression.GZIP);
        ParityReport report;
        OrderChanges counts;
        List<PipelineState.Outcome> states;
        LocalPipeline pipeline = LocalPipeline.start(options, System.out);
        try {
            awaitChanges(pipeline, CHANGES / 4);
            putOnTheStream(pipeline, malformed());
            awaitFinished(pipeline);
            counts = pipeline.generator().counts();
            report = pipeline.stop();
            states = pipeline.states();
        } finally {
            pipeline.close();
        }

        assertThat(report.equal()).as(report.summary()).isTrue();
        long records = 9 + CHANGES + 1;
        for (var side : List.of(report.flink(), report.firehose())) {
            assertThat(side.records()).isEqualTo(records);
            assertThat(side.recordsByTable().get("delivery.orders")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "load", 9L, "insert", counts.inserts(), "update", counts.updates(), "delete", counts.deletes(),
                    "add-column", 1L));
            assertThat(side.errors()).isEqualTo(MALFORMED);
            assertThat(side.duplicates()).isZero();
        }
        assertThat(states).extracting(PipelineState.Outcome::path).containsExactly("flink", "firehose");
        for (PipelineState.Outcome state : states) {
            assertThat(state.report()).as(state.line()).isNotNull();
            assertThat(state.report().equal()).as(state.report().summary()).isTrue();
            long rows = 9 + counts.inserts() - counts.deletes();
            assertThat(state.line()).isEqualTo(String.format("STATE %s: EQUAL (%,d rows in 1 table)", state.path(), rows));
            theLakeViewsHoldAsManyCurrentRows(data.resolve("s3").resolve(BUCKET).resolve(state.path()), state.path(), rows);
        }

        try (LocalS3 s3 = LocalS3.startOnDirectory(data.resolve("s3")); S3Client client = s3.newClient()) {
            everyRecordFileIsGzip(client);
            everyChangeOnceInFlinkTransformed(client, records);
            everyWindowHasAManifestCountingItsRecords(client);
            rawOutputsHoldEveryRecord(client, records + MALFORMED);
            theLakeViewsReadS3(client, states.get(0).report().rows());
            injectedDifferencesAreEachReported(client);
        }
    }

    /** The views' SQL, in DuckDB over this run's output: the current view holds the rebuilt state's rows. */
    private static void theLakeViewsHoldAsManyCurrentRows(Path output, String path, long rows) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            SourceTable orders = SourceTable.named("delivery.orders", List.of("id"));
            LakeViews.createInDuckDb(duck, output, path.equals("flink"),
                    LakeViews.tableInOutput(duck, output, path.equals("flink"), orders));
            assertThat(LakeQueryMain.run(duck, "select count(*) as current_rows from delivery.orders_current", 10))
                    .as(path).contains("\n" + rows + "\n");
        }
    }

    /** The views over the Flink path read from S3 (copied through the SDK: DuckDB has no httpfs here). */
    private void theLakeViewsReadS3(S3Client s3, long rows) throws Exception {
        Path copy = data.resolve("lake-query");
        LakeQueryMain.copyLines(S3PathOutput.flink(s3, new S3Location(BUCKET, "flink"), () -> { }), copy);
        theLakeViewsHoldAsManyCurrentRows(copy, "flink", rows);
    }

    /** The run asked both paths for gzip: every record file says so by its name, and the readers above read them. */
    private static void everyRecordFileIsGzip(S3Client s3) {
        for (String root : List.of("flink/", "firehose/")) {
            List<String> keys = objects(s3, root).stream().map(S3Object::key).toList();
            assertThat(keys).as(root).isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".gz"));
        }
    }

    private static void everyChangeOnceInFlinkTransformed(S3Client s3, long records) throws Exception {
        List<String> lines = lines(s3, S3Layout.defaults().prefix(FlinkOutput.TRANSFORMED));
        lines.addAll(lines(s3, S3Layout.defaults().prefix(FlinkOutput.CONTROL)));
        Set<String> changes = new HashSet<>();
        for (String line : lines) {
            JsonNode record = DmsJson.mapper().readTree(line);
            // A loaded row has no transaction: it is known by its key.
            changes.add(record.path("__op").asText().equals("load") ? "load/" + record.path("id").asText()
                    : record.path("__transaction_id").asText() + "/" + record.path("__transaction_record_id").asText()
                            + "/" + record.path("__op").asText());
        }
        assertThat(lines).hasSize((int) records);
        assertThat(changes).hasSize((int) records);
    }

    /** The stop drains the job: every window is closed, so each has a manifest, and its count is right. */
    private static void everyWindowHasAManifestCountingItsRecords(S3Client s3) throws Exception {
        String prefix = S3Layout.defaults().prefix(FlinkOutput.TRANSFORMED);
        Map<String, Long> recordsByWindow = new LinkedHashMap<>();
        Map<String, Long> manifestCounts = new LinkedHashMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().forEach(object -> {
            String window = object.key().substring(0, object.key().lastIndexOf('/'));
            String body = body(s3, object.key());
            if (S3Layout.isManifest(object.key())) {
                try {
                    manifestCounts.merge(window, DmsJson.mapper().readTree(body).path("records").asLong(), Long::sum);
                } catch (java.io.IOException e) {
                    throw new AssertionError("unreadable manifest " + object.key(), e);
                }
            } else if (S3Layout.holdsRecords(object.key()) && !object.key().contains("/late-")) {
                // A manifest counts the records on time; late ones come after it, in late-part files.
                recordsByWindow.merge(window, body.lines().filter(l -> !l.isEmpty()).count(), Long::sum);
            }
        });
        assertThat(recordsByWindow).isNotEmpty();
        assertThat(manifestCounts).isEqualTo(recordsByWindow);
    }

    private static void rawOutputsHoldEveryRecord(S3Client s3, long records) {
        List<String> raw = lines(s3, S3Layout.defaults().prefix(FlinkOutput.RAW));
        Set<String> sequenceNumbers = new HashSet<>();
        long bytes = 0;
        for (String line : raw) {
            var record = SourceRecordLines.read(line);
            sequenceNumbers.add(record.shardId() + "/" + record.sequenceNumber());
            bytes += record.data().length;
        }
        assertThat(raw).hasSize((int) records);
        assertThat(sequenceNumbers).hasSize((int) records);
        long firehoseBackupBytes = objects(s3, S3Layout.defaults().prefix(FirehoseOutput.RAW)).stream()
                .mapToLong(o -> bytes(s3, o.key()).length).sum();
        assertThat(firehoseBackupBytes).as("the Firehose source backup holds every record's bytes").isEqualTo(bytes);
    }

    private void injectedDifferencesAreEachReported(S3Client s3) throws Exception {
        List<S3Object> objects = objects(s3, S3Layout.defaults().prefix(FirehoseOutput.TRANSFORMED));
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (S3Object object : objects) {
            byKey.put(object.key(), new ArrayList<>(List.of(body(s3, object.key()).split("\n"))));
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<String> first = byKey.get(keys.get(0));
        int changedAt = indexOf(first, "\"__op\":\"insert\"");
        String original = first.get(changedAt);
        String changed = original.replaceFirst("\"status\":\"[^\"]*\"", "\"status\":\"Lost in transit\"");
        first.set(changedAt, changed);
        // An object holding an update (the first ones may hold only the sample's inserts), and another one.
        int withUpdate = 1;
        while (byKey.get(keys.get(withUpdate)).stream().noneMatch(l -> l.contains("\"__op\":\"update\""))) {
            withUpdate++;
        }
        int other = withUpdate == 1 ? 2 : 1;
        List<String> second = byKey.get(keys.get(withUpdate));
        String missing = second.remove(indexOf(second, "\"__op\":\"update\""));
        String duplicated = byKey.get(keys.get(other)).get(0);
        put(s3, keys.get(0), first);
        put(s3, keys.get(withUpdate), second);
        put(s3, keys.get(other).replace("-1-", "-1-dup-"), List.of(duplicated));

        ParityReport report = ParityMain.compare(s3, new S3Location(BUCKET, "flink"), new S3Location(BUCKET, "firehose"),
                new ParityComparer(Map.of("delivery.orders", List.of("id")), data, 16, 10, false, line -> { }));

        assertThat(report.equal()).isFalse();
        assertThat(report.differing()).isEqualTo(1);
        assertThat(report.differingExamples().get(0).fields()).singleElement().satisfies(field -> {
            assertThat(field.name()).isEqualTo("status");
            assertThat(field.firehose().asText()).isEqualTo("Lost in transit");
        });
        assertThat(report.flink().onlyHere()).isEqualTo(1);
        assertThat(report.flink().onlyHereExamples()).containsExactly(missing);
        assertThat(report.firehose().onlyHere()).isZero();
        assertThat(report.firehose().duplicates()).isEqualTo(1);
        assertThat(report.firehose().duplicateExamples()).containsExactly(duplicated);
        assertThat(report.flink().duplicates()).isZero();
        assertThat(report.summary()).contains("PARITY: DIFFERENT", "status: flink=", "only in flink: " + missing);
    }

    /** Puts records on the pipeline's stream as another producer would, with a client of its own. */
    private static void putOnTheStream(LocalPipeline pipeline, List<byte[]> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (byte[] record : records) {
            entries.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(record)).partitionKey("injected")
                    .build());
        }
        try (KinesisClient kinesis = pipeline.services().kinesis().newClient()) {
            assertThat(kinesis.putRecords(r -> r.streamName(PipelineOptions.STREAM).records(entries)).failedRecordCount())
                    .isZero();
        }
    }

    static List<byte[]> malformed() {
        List<byte[]> records = new ArrayList<>();
        List<String> shapes = List.of("not json %d", "{\"data\":{\"id\":%d}", "[%d]", "%d",
                "{\"data\":{\"id\":%d},\"metadata\":{\"record-type\":\"data\"}}",
                "{\"data\":{\"id\":%d},\"metadata\":{\"timestamp\":\"2024-12-16T13:25:00.000000Z\",\"record-type\":\"data\","
                        + "\"operation\":\"upsert\",\"schema-name\":\"delivery\",\"table-name\":\"orders\"}}",
                "{\"a\":%d}{\"b\":2}");
        for (int i = 0; i < MALFORMED; i++) {
            records.add(String.format(shapes.get(i % shapes.size()), i).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static void awaitChanges(LocalPipeline pipeline, long changes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (pipeline.generator().changes() < changes) {
            assertThat(pipeline.failure()).isNull();
            assertThat(System.nanoTime()).as("waiting for %d changes", changes).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitFinished(LocalPipeline pipeline) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!pipeline.generator().finished()) {
            assertThat(pipeline.failure()).isNull();
            assertThat(System.nanoTime()).as("waiting for the workload").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    private static List<S3Object> objects(S3Client s3, String prefix) {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().forEach(o -> {
            if (S3Layout.holdsRecords(o.key())) {
                objects.add(o);
            }
        });
        return objects;
    }

    private static List<String> lines(S3Client s3, String prefix) {
        List<String> lines = new ArrayList<>();
        for (S3Object object : objects(s3, prefix)) {
            for (String line : body(s3, object.key()).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static String body(S3Client s3, String key) {
        return new String(bytes(s3, key), StandardCharsets.UTF_8);
    }

    /** An object's content, decompressed as its name says. */
    private static byte[] bytes(S3Client s3, String key) {
        try (InputStream in = Compression.decompressing(key, s3.getObject(r -> r.bucket(BUCKET).key(key)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes lines as an object, compressed as its name says. */
    private static void put(S3Client s3, String key, List<String> lines) throws IOException {
        byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (Compression.ofName(key) == Compression.GZIP) {
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
                out.write(content);
            }
            content = gzipped.toByteArray();
        }
        byte[] body = content;
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }
}
