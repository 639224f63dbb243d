package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgflink.core.lake.AthenaNaming;
import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeTableFile;
import dev.pgflink.core.lake.LakeView;
import dev.pgflink.core.lake.TableViews;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The Glue catalog of the lake, synthesized: partition projection that lands on S3Layout's keys,
 * columns from the definitions file, and Athena views whose SQL is core's renderer's.
 */
class LakeCatalogStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A window start and an arrival time in the projected range (pgflink:lakeSince 2026-01-01). */
    private static final Instant WHEN = Instant.parse("2026-03-04T13:24:00Z");
    private static final S3Layout LAYOUT = S3Layout.defaults();

    @TempDir
    static Path work;
    private static Synth defaults;
    private static JsonNode template;
    private static LakeTable orders;
    /** A table whose names Glue does not keep as they are, with hour windows. */
    private static Synth oddSynth;
    private static JsonNode odd;

    @BeforeAll
    static void synthesize() throws Exception {
        defaults = Synth.defaults();
        template = defaults.json("PgflinkLakeCatalog");
        orders = LakeTableFile.read(Path.of("lake-tables.json")).get(0);
        Path file = work.resolve("odd-tables.json");
        LakeTableFile.write(List.of(new LakeTable("Sales-EU", "Order Lines", List.of("Order ID"), List.of(
                new LakeColumn("Order ID", "integer", "INTEGER"), new LakeColumn("unit-price", "numeric(10,2)", "DECIMAL(10, 2)"),
                new LakeColumn("__Weird Col", "text", LakeColumn.TEXT), new LakeColumn("Seen At", "timestamp", "TIMESTAMP"),
                new LakeColumn("plain", "text", LakeColumn.TEXT)))), file);
        oddSynth = Synth.in(work, "odd", Map.of("pgflink:lakeTables", file.toString(), "pgflink:lakeSince", "2025-06-01",
                "pgflink:windowSizeMs", "3600000"));
        odd = oddSynth.json("PgflinkLakeCatalog");
    }

    @Test
    void aGlueDatabaseAndNoCrawler() {
        assertThat(Templates.resources(template, "AWS::Glue::Database").values())
                .extracting(d -> d.at("/Properties/DatabaseInput/Name").asText()).containsExactly("pgflink");
        assertThat(Templates.resources(template, "AWS::Glue::Database").values())
                .extracting(d -> d.path("DeletionPolicy").asText()).containsExactly("Delete");
        assertThat(Templates.resources(template, "AWS::Glue::Crawler")).isEmpty();
        assertThat(tableNames()).containsExactlyInAnyOrder("raw", "errors", "control", "delivery__orders",
                "delivery__orders_changes", "delivery__orders_current");
    }

    @Test
    void aSourceTablesWindowsAreProjectedOntoTheJobsWindowDirectories() {
        JsonNode parameters = table("delivery__orders").at("/TableInput/Parameters");
        assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
        assertThat(parameters.path("projection.window.type").asText()).isEqualTo("date");
        assertThat(parameters.path("projection.window.range").asText()).isEqualTo("20260101T000000Z,NOW");
        assertThat(parameters.path("projection.window.interval").asText()).isEqualTo("60");
        assertThat(parameters.path("projection.window.interval.unit").asText()).isEqualTo("SECONDS");

        String label = format(parameters.path("projection.window.format").asText(), WHEN);
        assertThat(label).isEqualTo(S3Layout.windowLabel(WHEN.toEpochMilli()));
        // Athena steps from the range's start by the interval: the window is one of the values.
        long first = LocalDateTime.parse("20260101T000000Z", DateTimeFormatter.ofPattern(LakeCatalogStack.WINDOW_FORMAT))
                .toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat((WHEN.toEpochMilli() - first) % 60_000).isZero();
        assertThat(location("delivery__orders", Map.of("window", label))).isEqualTo("s3://BUCKET/"
                + LAYOUT.prefix(FlinkOutput.TRANSFORMED) + LAYOUT.transformedBucket("delivery", "orders", WHEN.toEpochMilli()) + "/");
    }

    @Test
    void rawAndErrorsAreProjectedByArrivalHour() {
        JsonNode parameters = table("raw").at("/TableInput/Parameters");
        assertThat(parameters.path("projection.dt.range").asText()).isEqualTo("2026-01-01,NOW");
        assertThat(parameters.path("projection.hour.range").asText()).isEqualTo("0,23");
        assertThat(parameters.path("projection.hour.digits").asText()).isEqualTo("2");
        Map<String, String> values = Map.of("dt", format(parameters.path("projection.dt.format").asText(), WHEN), "hour", "13");

        assertThat(location("raw", values)).isEqualTo("s3://BUCKET/" + LAYOUT.prefix(FlinkOutput.RAW)
                + LAYOUT.rawBucket(WHEN.toEpochMilli()) + "/");
        assertThat(location("errors", values)).isEqualTo("s3://BUCKET/" + LAYOUT.prefix(FlinkOutput.ERRORS)
                + LAYOUT.errorsBucket(WHEN.toEpochMilli()) + "/");
        assertThat(columnNames("errors")).containsExactly("error_type", "reason", "stream", "shard_id", "sequence_number",
                "partition_key", "approximate_arrival", "data");
    }

    @Test
    void controlIsProjectedByTheDefinedTablesAndDay() {
        JsonNode parameters = table("control").at("/TableInput/Parameters");
        assertThat(parameters.path("projection.source_schema.values").asText()).isEqualTo("delivery");
        assertThat(parameters.path("projection.source_table.values").asText()).isEqualTo("orders");

        assertThat(location("control", Map.of("source_schema", "delivery", "source_table", "orders", "dt", "2026-03-04")))
                .isEqualTo("s3://BUCKET/" + LAYOUT.prefix(FlinkOutput.CONTROL)
                        + LAYOUT.controlBucket("delivery", "orders", WHEN.toEpochMilli()) + "/");
        assertThat(columnNames("control")).contains("__op", "__schema", "__table", "__control");
    }

    @Test
    void aSourceTablesColumnsAreTheDefinitionsAsTextReadByTheOpenXJsonSerde() {
        JsonNode descriptor = table("delivery__orders").at("/TableInput/StorageDescriptor");
        List<String> expected = new ArrayList<>();
        orders.columns().forEach(c -> expected.add(c.name()));
        expected.addAll(TableViews.SOURCE_METADATA);
        expected.add("__before");

        assertThat(columnNames("delivery__orders")).isEqualTo(expected);
        descriptor.path("Columns").forEach(c -> assertThat(c.path("Type").asText()).isEqualTo("string"));
        assertThat(descriptor.path("Columns").get(4).path("Comment").asText()).isEqualTo("numeric(10,2) -> DECIMAL(10, 2) in the views");
        assertThat(descriptor.at("/SerdeInfo/SerializationLibrary").asText()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        assertThat(table("delivery__orders").at("/TableInput/Parameters/has_encrypted_data").asBoolean()).isFalse();
        assertThat(table("delivery__orders").at("/TableInput/PartitionKeys/0/Name").asText()).isEqualTo("window");
    }

    @Test
    void theViewsAreAthenaViewsOfTheRenderersSqlForAthenaNaming() throws Exception {
        AthenaNaming naming = new AthenaNaming("pgflink");
        List<LakeView> rendered = TableViews.render(orders, naming, naming.source(orders));
        List<String> names = List.of("delivery__orders_changes", "delivery__orders_current");
        for (int i = 0; i < 2; i++) {
            JsonNode input = table(names.get(i)).path("TableInput");
            assertThat(input.path("TableType").asText()).isEqualTo("VIRTUAL_VIEW");
            assertThat(input.at("/Parameters/presto_view").asText()).isEqualTo("true");
            assertThat(input.at("/Parameters/comment").asText()).isEqualTo("Presto View");
            assertThat(input.path("ViewExpandedText").asText()).isEqualTo("/* Presto View */");

            JsonNode definition = decode(input.path("ViewOriginalText").asText());
            assertThat(definition.path("originalSql").asText()).isEqualTo(rendered.get(i).query());
            assertThat(definition.path("catalog").asText()).isEqualTo("awsdatacatalog");
            assertThat(definition.path("schema").asText()).isEqualTo("pgflink");
            List<String> columns = new ArrayList<>();
            definition.path("columns").forEach(c -> columns.add(c.path("name").asText() + " " + c.path("type").asText()));
            assertThat(columns).startsWith("id integer", "order_number varchar", "customer_name varchar", "status varchar",
                    "total_amount decimal(10,2)");
            assertThat(columns).contains("created_at timestamp(3)");
            assertThat(columns).hasSize(rendered.get(i).columns().size());
        }
        assertThat(decode(table("delivery__orders_current").at("/TableInput/ViewOriginalText").asText()).path("originalSql").asText())
                .contains("FROM \"pgflink\".\"delivery__orders_changes\" c");
        // What Athena's CREATE VIEW stores for TRY_CAST(… AS TIMESTAMP); the Glue column keeps Hive's name.
        assertThat(viewColumns("delivery__orders_changes")).contains("created_at timestamp");
    }

    @Test
    void columnNamesGlueDoesNotKeepAreSanitisedAndMappedBackToTheirJsonKeys() throws Exception {
        JsonNode lines = tableIn(odd, "sales_eu__order_lines");
        List<String> names = new ArrayList<>();
        lines.at("/TableInput/StorageDescriptor/Columns").forEach(c -> names.add(c.path("Name").asText()));
        assertThat(names).startsWith("order_id", "unit_price", "___weird_col", "seen_at", "plain");

        // The OpenX SerDe reads each renamed column from the key the flat line has (FlatFields.flatColumnName).
        JsonNode serde = lines.at("/TableInput/StorageDescriptor/SerdeInfo");
        assertThat(serde.path("SerializationLibrary").asText()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        assertThat(JSON.convertValue(serde.path("Parameters"), Map.class)).isEqualTo(Map.of(
                "mapping.order_id", "Order ID", "mapping.unit_price", "unit-price",
                "mapping.___weird_col", "___Weird Col", "mapping.seen_at", "Seen At"));

        // The views read the Glue columns and name their own columns the same way.
        JsonNode changes = decode(tableIn(odd, "sales_eu__order_lines_changes").at("/TableInput/ViewOriginalText").asText());
        assertThat(changes.path("originalSql").asText()).contains("TRY_CAST(\"order_id\" AS INTEGER) AS \"order_id\"",
                "TRY_CAST(\"unit_price\" AS DECIMAL(10, 2)) AS \"unit_price\"", "\"___weird_col\" AS \"__weird_col\"",
                "TRY_CAST(replace(replace(\"seen_at\", 'T', ' '), 'Z', '') AS TIMESTAMP) AS \"seen_at\"", "\"plain\" AS \"plain\"");
        List<String> definition = new ArrayList<>();
        changes.path("columns").forEach(c -> definition.add(c.path("name").asText()));
        assertThat(definition).startsWith("order_id", "unit_price", "__weird_col", "seen_at", "plain");
        List<String> glue = new ArrayList<>();
        tableIn(odd, "sales_eu__order_lines_changes").at("/TableInput/StorageDescriptor/Columns")
                .forEach(c -> glue.add(c.path("Name").asText()));
        assertThat(glue).isEqualTo(definition);
        assertThat(decode(tableIn(odd, "sales_eu__order_lines_current").at("/TableInput/ViewOriginalText").asText())
                .path("originalSql").asText()).contains("SELECT \"order_id\", \"unit_price\", \"__weird_col\"",
                        "PARTITION BY \"order_id\"");
    }

    @Test
    void aTableNamedLikeAnotherTablesViewIsRefusedNamingBoth() {
        LakeTable delivery = textTable("delivery", "orders", "id");
        assertThat(refusal(delivery, textTable("delivery", "orders_current", "id")))
                .contains("the table delivery.orders_current", "the _current view of delivery.orders",
                        "the Glue table delivery__orders_current");
        assertThat(refusal(textTable("delivery", "orders_current", "id"), delivery))
                .contains("the table delivery.orders_current", "the _current view of delivery.orders");
    }

    @Test
    void columnsThatWouldMeetInGlueAreRefusedNamingTheTableAndColumn() {
        assertThat(refusal(textTable("delivery", "orders", "id", "window")))
                .contains("the column window of delivery.orders", "the partition key window");
        assertThat(refusal(textTable("delivery", "orders", "id", "Order ID", "order_id")))
                .contains("the column order_id of delivery.orders", "the column Order ID of delivery.orders",
                        "a column of the Glue table delivery__orders, the column order_id");
        // Its line key is ___op, but the _changes view would have two columns __op.
        assertThat(refusal(textTable("delivery", "orders", "id", "__op")))
                .contains("the column __op of delivery.orders", "the change metadata __op",
                        "a column of the view \"pgflink\".\"delivery__orders_changes\", the column __op");
    }

    @Test
    void aWindowCountPastTrinosPartitionCapIsWarnedOfWithTheKeysToSet() throws Exception {
        // 30 s windows since 2024-01-01: over 1,000 days of 2,880 windows by any day this test runs.
        Synth crowded = Synth.in(work, "crowded", Map.of("pgflink:lakeSince", "2024-01-01", "pgflink:windowSizeMs", "30000"));
        List<SynthesisMessage> warnings = Annotations.fromStack(crowded.stack("PgflinkLakeCatalog"))
                .findWarning("*", Match.stringLikeRegexp(".*HIVE_EXCEEDED_PARTITION_LIMIT.*"));
        assertThat(warnings).hasSize(1);
        assertThat(String.valueOf(warnings.get(0).getEntry().getData()))
                .contains("pgflink:lakeSince=2024-01-01", "pgflink:windowSizeMs to at least", "1,000,000");
        // Hour windows since 2025-06-01 stay far below it.
        assertThat(Annotations.fromStack(oddSynth.stack("PgflinkLakeCatalog"))
                .findWarning("*", Match.stringLikeRegexp(".*HIVE_EXCEEDED_PARTITION_LIMIT.*"))).isEmpty();
    }

    @Test
    void theWindowCountIsTheProjectedRangeAQuarterAhead() {
        LocalDate today = LocalDate.parse("2026-11-27");
        assertThat(LakeCatalogStack.horizon(LocalDate.parse("2026-01-01"), today)).isEqualTo("2027-02-25");
        assertThat(LakeCatalogStack.horizon(LocalDate.parse("2027-03-01"), today)).isEqualTo("2027-05-30");
        // 1,061 days of 1,440 windows, and the window starting on the last day.
        assertThat(LakeCatalogStack.projectedWindows(LocalDate.parse("2026-01-01"), LocalDate.parse("2028-11-27"), 60_000))
                .isEqualTo(1_061 * 1_440 + 1);
        assertThat(LakeCatalogStack.projectedWindows(LocalDate.parse("2026-01-01"), LocalDate.parse("2028-11-27"), 3_600_000))
                .isEqualTo(1_061 * 24 + 1);
    }

    @Test
    void anotherDatabaseAndDefinitionsFileAreUsed() throws Exception {
        Path file = work.resolve("tables.json");
        LakeTableFile.write(List.of(new LakeTable("Sales", "Order Lines", List.of("order_id", "line"), List.of(
                new LakeColumn("order_id", "bigint", "BIGINT"), new LakeColumn("line", "smallint", "SMALLINT")))), file);
        JsonNode other = Synth.in(work, "other", Map.of("pgflink:lakeTables", file.toString(), "pgflink:glueDatabase", "cdc_lake",
                "pgflink:lakeSince", "2025-06-01", "pgflink:windowSizeMs", "300000")).json("PgflinkLakeCatalog");

        assertThat(Templates.resources(other, "AWS::Glue::Database").values())
                .extracting(d -> d.at("/Properties/DatabaseInput/Name").asText()).containsExactly("cdc_lake");
        JsonNode lines = tableIn(other, "sales__order_lines");
        assertThat(lines.at("/TableInput/Parameters/projection.window.range").asText()).isEqualTo("20250601T000000Z,NOW");
        assertThat(lines.at("/TableInput/Parameters/projection.window.interval").asText()).isEqualTo("300");
        assertThat(joined(lines.at("/TableInput/Parameters/storage.location.template")))
                .isEqualTo("s3://BUCKET/flink/transformed/Sales/Order~20Lines/window=${window}/");
        JsonNode current = decode(tableIn(other, "sales__order_lines_current").at("/TableInput/ViewOriginalText").asText());
        assertThat(current.path("schema").asText()).isEqualTo("cdc_lake");
        assertThat(current.path("originalSql").asText()).contains("PARTITION BY \"order_id\", \"line\"",
                "FROM \"cdc_lake\".\"sales__order_lines_changes\" c");
    }

    @Test
    void settingsTheCatalogCannotUseAreRefusedWithTheKeyToFix() {
        Map<String, String> refusals = Map.of(
                "pgflink:glueDatabase", "Lake-DB",
                "pgflink:lakeTables", "/nope/lake-tables.json",
                "pgflink:lakeSince", "yesterday",
                "pgflink:windowSizeMs", "1500");
        refusals.forEach((key, value) -> assertThatThrownBy(() -> Synth.in(work, "bad", Map.of(key, value)))
                .as(key + "=" + value).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key));
    }

    private static JsonNode table(String name) {
        return tableIn(template, name);
    }

    /** A table of text columns, the first its key. */
    private static LakeTable textTable(String schema, String name, String... columns) {
        List<LakeColumn> defined = new ArrayList<>();
        for (String column : columns) {
            defined.add(new LakeColumn(column, "text", LakeColumn.TEXT));
        }
        return new LakeTable(schema, name, List.of(columns[0]), defined);
    }

    /** The message synthesis refuses these definitions with. */
    private static String refusal(LakeTable... tables) {
        Path file = work.resolve("refused-" + System.nanoTime() + ".json");
        Throwable thrown = catchThrowable(() -> {
            LakeTableFile.write(List.of(tables), file);
            Synth.in(work, "refused", Map.of("pgflink:lakeTables", file.toString()));
        });
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        return thrown.getMessage();
    }

    private static List<String> viewColumns(String view) {
        List<String> columns = new ArrayList<>();
        table(view).at("/TableInput/StorageDescriptor/Columns")
                .forEach(c -> columns.add(c.path("Name").asText() + " " + c.path("Type").asText()));
        return columns;
    }

    private static JsonNode tableIn(JsonNode template, String name) {
        return Templates.resources(template, "AWS::Glue::Table").values().stream()
                .filter(t -> t.at("/Properties/TableInput/Name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Glue table " + name)).path("Properties");
    }

    private static List<String> tableNames() {
        List<String> names = new ArrayList<>();
        Templates.resources(template, "AWS::Glue::Table").values().forEach(t -> names.add(t.at("/Properties/TableInput/Name").asText()));
        return names;
    }

    private static List<String> columnNames(String table) {
        List<String> names = new ArrayList<>();
        table(table).at("/TableInput/StorageDescriptor/Columns").forEach(c -> names.add(c.path("Name").asText()));
        return names;
    }

    /** The partition's location as Athena computes it: the template with the values put in, the bucket as BUCKET. */
    private static String location(String table, Map<String, String> values) {
        String location = joined(table(table).at("/TableInput/Parameters/storage.location.template"));
        for (Map.Entry<String, String> value : values.entrySet()) {
            location = location.replace("${" + value.getKey() + "}", value.getValue());
        }
        return location;
    }

    /** A string CloudFormation joins from parts, with the bucket's name (an import) as BUCKET. */
    private static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        StringBuilder text = new StringBuilder();
        value.path("Fn::Join").path(1).forEach(part -> text.append(part.isTextual() ? part.asText() : "BUCKET"));
        return text.toString();
    }

    private static String format(String pattern, Instant instant) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(instant);
    }

    private static JsonNode decode(String originalText) throws Exception {
        assertThat(originalText).startsWith("/* Presto View: ").endsWith(" */");
        String base64 = originalText.substring("/* Presto View: ".length(), originalText.length() - " */".length());
        return JSON.readTree(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }
}
