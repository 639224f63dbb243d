package dev.pgflink.infra;

import dev.pgflink.core.flat.FlatFields;
import dev.pgflink.core.lake.AthenaNaming;
import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeTableFile;
import dev.pgflink.core.lake.LakeView;
import dev.pgflink.core.lake.TableViews;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.glue.Column;
import software.amazon.awscdk.services.glue.DataFormat;
import software.amazon.awscdk.services.glue.Database;
import software.amazon.awscdk.services.glue.DateIntervalUnit;
import software.amazon.awscdk.services.glue.DatePartitionProjectionConfigurationProps;
import software.amazon.awscdk.services.glue.DateProjectionStep;
import software.amazon.awscdk.services.glue.EnumPartitionProjectionConfigurationProps;
import software.amazon.awscdk.services.glue.IntegerPartitionProjectionConfigurationProps;
import software.amazon.awscdk.services.glue.PartitionProjectionConfiguration;
import software.amazon.awscdk.services.glue.S3Table;
import software.amazon.awscdk.services.glue.S3TableStorage;
import software.amazon.awscdk.services.glue.Schema;
import software.constructs.Construct;

/**
 * The lake in the Glue Data Catalog, for Athena: a database with a table over each output of the
 * Flink path ({@code raw}, {@code errors}, {@code control}), one per source table over its
 * transformed lines ({@code delivery__orders}) and that table's views
 * ({@code delivery__orders_changes}, {@code delivery__orders_current}), rendered from the same
 * template the local DuckDB views come from. Tables and columns come from the definitions file
 * (pgflink:lakeTables).
 *
 * <p>No crawler: partition projection computes each partition's S3 location from table
 * parameters at query time (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html,
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html for
 * {@code storage.location.template}, and
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html for the
 * date, integer and enum types). The locations are {@link S3Layout}'s.
 *
 * <p>Every column is a string, read by the OpenX JSON SerDe
 * (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html): the views cast each
 * column's text to its type with TRY_CAST, as DuckDB's views do over read_json with every column
 * VARCHAR. A typed Glue column would fail a whole query on one value the SerDe cannot parse (DMS's
 * {@code 2024-12-16T10:24:15.889986Z}, {@code "true"} booleans), and would make Athena's views a
 * different SQL from the one the DuckDB test runs. Gzip part files ({@code .jsonl.gz}, with
 * pgflink:outputCompression=gzip) need no setting: Athena decompresses by the {@code .gz} suffix.
 * Athena skips files whose names start with {@code _} or {@code .}, such as the window manifests.
 */
public final class LakeCatalogStack extends Stack {
    /** The window label's pattern ({@link S3Layout#windowLabel}) for whole-second windows, as a projection format. */
    static final String WINDOW_FORMAT = "yyyyMMdd'T'HHmmss'Z'";
    static final String DAY_FORMAT = "yyyy-MM-dd";

    private final Database database;
    private final String bucketName;
    private final LakeCatalogSettings catalog;

    public LakeCatalogStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        catalog = settings.lakeCatalog();
        if (settings.windowSizeMs() % 1000 != 0) {
            throw new IllegalArgumentException(InfraSettings.PREFIX + "windowSizeMs must be whole seconds for the Glue "
                    + "tables' window projection (window labels carry milliseconds otherwise), was " + settings.windowSizeMs());
        }
        List<LakeTable> tables = LakeTableFile.read(catalog.tablesFile());
        bucketName = storage.bucket().getBucketName();
        database = Database.Builder.create(this, "Database").databaseName(catalog.database())
                .description("pgflink: the Flink path's outputs and each source table's change log and current state")
                // Only metadata: the data stays in the bucket. A retained database would make the next deploy fail on its name.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        S3Layout layout = S3Layout.defaults();
        S3TableStorage bucket = S3TableStorage.fromBucket(storage.bucket());

        List<Column> recordColumns = strings("stream", "shard_id", "sequence_number", "partition_key", "approximate_arrival", "data");
        table("Raw", "raw", "Every Kinesis record, byte-exact (data in base64), by arrival hour", recordColumns,
                layout.prefix(FlinkOutput.RAW), byArrivalHour(), bucket);
        List<Column> errorColumns = new ArrayList<>(strings("error_type", "reason"));
        errorColumns.addAll(recordColumns);
        table("Errors", "errors", "Records the transform rejected: reason, original bytes (base64), Kinesis metadata",
                errorColumns, layout.prefix(FlinkOutput.ERRORS), byArrivalHour(), bucket);
        table("Control", "control", "DDL and other control records, per table and day", controlColumns(),
                layout.prefix(FlinkOutput.CONTROL), byTableAndDay(tables), bucket);

        AthenaNaming naming = new AthenaNaming(catalog.database());
        Set<String> glueNames = new LinkedHashSet<>(List.of("raw", "errors", "control"));
        for (LakeTable table : tables) {
            String name = AthenaNaming.tableName(table);
            if (!glueNames.add(name)) {
                throw new IllegalArgumentException(table.name() + " would be the Glue table " + name
                        + " like another table (Glue names are lower case, other characters _)");
            }
            String constructId = "Table" + name;
            S3Table changeLines = table(constructId, name, "Change lines of " + table.name() + " (every column as text)",
                    changeLineColumns(table), layout.prefix(FlinkOutput.TRANSFORMED) + S3Layout.tableDirectory(table.schema(),
                            table.table()) + "/", byWindow(settings.windowSizeMs()), bucket);
            List<LakeView> views = TableViews.render(table, naming, naming.source(table));
            CfnTable changes = AthenaView.create(this, constructId + "Changes", database, catalog.database(),
                    AthenaNaming.changesViewName(table), views.get(0));
            CfnTable current = AthenaView.create(this, constructId + "Current", database, catalog.database(),
                    AthenaNaming.currentViewName(table), views.get(1));
            changes.getNode().addDependency(changeLines);
            current.getNode().addDependency(changes);
        }
        CfnOutput.Builder.create(this, "GlueDatabase").value(catalog.database())
                .description("The Glue database Athena queries the lake in").build();
    }

    /** A Glue table of JSON lines under {@code prefix} with partition projection. */
    private S3Table table(String id, String name, String description, List<Column> columns, String prefix,
            Projection projection, S3TableStorage bucket) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("storage.location.template", "s3://" + bucketName + "/" + prefix + projection.locationTemplate);
        return S3Table.Builder.create(this, id)
                .database(database)
                .tableName(name)
                .description(description)
                .storage(bucket)
                .s3Prefix(prefix)
                .dataFormat(DataFormat.JSON)
                // has_encrypted_data means client-side (CSE-KMS) encryption to Athena; the bucket's is server-side,
                // which S3 undoes by itself (https://docs.aws.amazon.com/athena/latest/ug/creating-tables-based-on-encrypted-datasets-in-s3.html).
                .hasEncryptedData(false)
                .columns(columns)
                .partitionKeys(strings(projection.configurations.keySet().toArray(String[]::new)))
                .partitionProjection(projection.configurations)
                .parameters(parameters)
                .build();
    }

    /** Partition columns with their projections, in path order, and the path below the prefix they make. */
    private record Projection(Map<String, PartitionProjectionConfiguration> configurations, String locationTemplate) {
    }

    /** {@code dt=2024-12-16/hour=13/}: raw and errors ({@link S3Layout#rawBucket}, {@link S3Layout#errorsBucket}). */
    private Projection byArrivalHour() {
        Map<String, PartitionProjectionConfiguration> keys = new LinkedHashMap<>();
        keys.put("dt", days());
        keys.put("hour", PartitionProjectionConfiguration.integer(IntegerPartitionProjectionConfigurationProps.builder()
                .min(0).max(23).digits(2).build()));
        return new Projection(keys, "dt=${dt}/hour=${hour}/");
    }

    /**
     * {@code delivery/orders/dt=2024-12-16/} ({@link S3Layout#controlBucket}): schemas and tables as
     * the enum of those the definitions name, encoded as path segments.
     */
    private Projection byTableAndDay(List<LakeTable> tables) {
        Set<String> schemas = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        tables.forEach(t -> {
            schemas.add(S3Layout.encodeSegment(t.schema()));
            names.add(S3Layout.encodeSegment(t.table()));
        });
        Map<String, PartitionProjectionConfiguration> keys = new LinkedHashMap<>();
        keys.put("source_schema", PartitionProjectionConfiguration.doEnum(EnumPartitionProjectionConfigurationProps.builder()
                .values(List.copyOf(schemas)).build()));
        keys.put("source_table", PartitionProjectionConfiguration.doEnum(EnumPartitionProjectionConfigurationProps.builder()
                .values(List.copyOf(names)).build()));
        keys.put("dt", days());
        return new Projection(keys, "${source_schema}/${source_table}/dt=${dt}/");
    }

    /**
     * {@code window=20241216T132400Z/} ({@link S3Layout#transformedBucket}): every window from the
     * first one on pgflink:lakeSince, a window size apart (Flink's tumbling windows start at
     * multiples of their size since the epoch, so the range starts on one).
     */
    private Projection byWindow(long windowSizeMs) {
        long since = catalog.since().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String first = S3Layout.windowLabel(Math.floorDiv(since, windowSizeMs) * windowSizeMs);
        return new Projection(Map.of("window", PartitionProjectionConfiguration.date(DatePartitionProjectionConfigurationProps.builder()
                .format(WINDOW_FORMAT).min(first).max("NOW")
                .step(DateProjectionStep.builder().interval(windowSizeMs / 1000).intervalUnit(DateIntervalUnit.SECONDS).build())
                .build())), "window=${window}/");
    }

    private PartitionProjectionConfiguration days() {
        return PartitionProjectionConfiguration.date(DatePartitionProjectionConfigurationProps.builder()
                .format(DAY_FORMAT).min(catalog.since().format(DateTimeFormatter.ISO_LOCAL_DATE)).max("NOW")
                .step(DateProjectionStep.builder().interval(1).intervalUnit(DateIntervalUnit.DAYS).build()).build());
    }

    /** A control line: the change metadata and the control details (JSON text). */
    private static List<Column> controlColumns() {
        List<String> names = new ArrayList<>(TableViews.SOURCE_METADATA);
        names.add(FlatFields.CONTROL);
        return strings(names.toArray(String[]::new));
    }

    /**
     * A source table's change line: its columns under their flat names (lower case, as Glue keeps
     * them; the SerDe matches JSON keys without case), the change metadata, and the before-image
     * (JSON text). Each source column's comment says its PostgreSQL type and the views' type.
     */
    private static List<Column> changeLineColumns(LakeTable table) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (LakeColumn column : table.columns()) {
            String name = FlatFields.flatColumnName(column.name()).toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new IllegalArgumentException(table.name() + ": two columns named " + name
                        + " in lower case, which Glue and the JSON SerDe cannot tell apart");
            }
            columns.add(Column.builder().name(name).type(Schema.STRING)
                    .comment(column.postgresType() + " -> " + column.sqlType() + " in the views").build());
        }
        List<String> metadata = new ArrayList<>(TableViews.SOURCE_METADATA);
        metadata.add(FlatFields.BEFORE_IMAGE);
        columns.addAll(strings(metadata.toArray(String[]::new)));
        return columns;
    }

    private static List<Column> strings(String... names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(Column.builder().name(name).type(Schema.STRING).build());
        }
        return columns;
    }
}
