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
import dev.pgflink.local.job.JobRecords;
import dev.pgflink.local.job.S3Outputs;
import dev.pgflink.local.load.OrderChanges;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.parity.ParityComparer;
import dev.pgflink.parity.ParityMain;
import dev.pgflink.parity.ParityReport;
import dev.pgflink.parity.S3Location;
import dev.pgflink.parity.S3PathOutput;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

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
            PipelineWaits.awaitChanges(pipeline, CHANGES / 4);
            putOnTheStream(pipeline, malformed());
            PipelineWaits.awaitFinished(pipeline);
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
            S3Outputs outputs = new S3Outputs(client, BUCKET);
            everyRecordFileIsGzip(outputs);
            everyChangeOnceInFlinkTransformed(client, records);
            everyWindowHasAManifestCountingItsRecords(outputs);
            rawOutputsHoldEveryRecord(outputs, records + MALFORMED);
            theLakeViewsReadS3(client, states.get(0).report().rows());
            injectedDifferencesAreEachReported(client, outputs);
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
    private static void everyRecordFileIsGzip(S3Outputs outputs) {
        // Firehose objects are named by whoever configured the stream: every visible one holds records.
        Map<String, Predicate<String>> recordFiles = Map.of("flink/", S3Layout::isCommittedFlinkPart,
                "firehose/", S3Layout::holdsRecords);
        recordFiles.forEach((root, holdsRecords) -> assertThat(outputs.keys(root).stream().filter(holdsRecords).toList())
                .as(root).isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".gz")));
    }

    /** Transformed and control lines on the Flink path, read as parity reads them. */
    private static void everyChangeOnceInFlinkTransformed(S3Client s3, long records) throws Exception {
        List<String> lines = new ArrayList<>();
        S3PathOutput.flink(s3, new S3Location(BUCKET, "flink"), () -> { }).readRecords(lines::add);
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
    private static void everyWindowHasAManifestCountingItsRecords(S3Outputs outputs) {
        String prefix = S3Layout.defaults().prefix(FlinkOutput.TRANSFORMED);
        Map<String, Long> recordsByWindow = new LinkedHashMap<>();
        Map<String, Long> manifestCounts = new LinkedHashMap<>();
        outputs.linesByKey(prefix).forEach((key, lines) -> {
            String window = key.substring(0, key.lastIndexOf('/'));
            if (S3Layout.isManifest(key)) {
                lines.forEach(line -> manifestCounts.merge(window, S3Outputs.json(line).path("records").asLong(), Long::sum));
            } else if (S3Layout.isCommittedFlinkPart(key) && !key.contains("/late-")) {
                // A manifest counts the records on time; late ones come after it, in late-part files.
                recordsByWindow.merge(window, lines.stream().filter(l -> !l.isEmpty()).count(), Long::sum);
            }
        });
        assertThat(recordsByWindow).isNotEmpty();
        assertThat(manifestCounts).isEqualTo(recordsByWindow);
    }

    private static void rawOutputsHoldEveryRecord(S3Outputs outputs, long records) {
        List<String> raw = outputs.lines(S3Layout.defaults().prefix(FlinkOutput.RAW));
        Set<String> sequenceNumbers = new HashSet<>();
        long bytes = 0;
        for (String line : raw) {
            var record = SourceRecordLines.read(line);
            sequenceNumbers.add(record.shardId() + "/" + record.sequenceNumber());
            bytes += record.data().length;
        }
        assertThat(raw).hasSize((int) records);
        assertThat(sequenceNumbers).hasSize((int) records);
        long firehoseBackupBytes = outputs.contentByKey(S3Layout.defaults().prefix(FirehoseOutput.RAW)).entrySet()
                .stream().filter(e -> S3Layout.holdsRecords(e.getKey())).mapToLong(e -> e.getValue().length).sum();
        assertThat(firehoseBackupBytes).as("the Firehose source backup holds every record's bytes").isEqualTo(bytes);
    }

    private void injectedDifferencesAreEachReported(S3Client s3, S3Outputs outputs) throws Exception {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        outputs.linesByKey(S3Layout.defaults().prefix(FirehoseOutput.TRANSFORMED)).forEach((key, lines) -> {
            if (S3Layout.holdsRecords(key)) {
                byKey.put(key, new ArrayList<>(lines));
            }
        });
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
        try (KinesisClient kinesis = pipeline.services().kinesis().newClient()) {
            JobRecords.put(kinesis, PipelineOptions.STREAM, records, i -> "injected");
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

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    /** Writes lines as an object, compressed as its name says. */
    private static void put(S3Client s3, String key, List<String> lines) {
        byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(Compression.ofName(key).compress(content)));
    }
}
