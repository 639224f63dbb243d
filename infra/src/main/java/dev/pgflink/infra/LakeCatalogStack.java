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
import java.time.LocalDate;
import java.time.Period;
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
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
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
    /** The partition key of a source table's change lines. */
    static final String WINDOW = "window";
    /**
     * Trino's default hive.max-partitions-per-scan: a query that would read more partitions fails
     * with HIVE_EXCEEDED_PARTITION_LIMIT. AWS documents no number for Athena.
     */
    static final long PARTITION_CAP = 1_000_000;
    /**
     * How far ahead the window count is checked: a quarter's notice. Further ahead, the defaults (60 s
     * windows) would warn on every synthesis within a year of pgflink:lakeSince, and a warning that
     * is always there is one nobody reads.
     */
    static final Period WINDOW_HORIZON = Period.ofDays(90);

    private final Database database;
    private final String bucketName;
    private final LakeCatalogSettings catalog;
    /**
     * Glue name → what has it: the Flink path's tables, each source table's change lines and its two
     * views are all Glue tables of one database, so each takes its name as it is created.
     */
    private final Map<String, String> glueNames = new HashMap<>();

    public LakeCatalogStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        catalog = settings.lakeCatalog();
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
        table("Raw", "raw", "the Flink path's table raw", "Every Kinesis record, byte-exact (data in base64), by arrival hour",
                recordColumns, layout.prefix(FlinkOutput.RAW), byArrivalHour(), bucket);
        List<Column> errorColumns = new ArrayList<>(strings("error_type", "reason"));
        errorColumns.addAll(recordColumns);
        table("Errors", "errors", "the Flink path's table errors",
                "Records the transform rejected: reason, original bytes (base64), Kinesis metadata",
                errorColumns, layout.prefix(FlinkOutput.ERRORS), byArrivalHour(), bucket);
        table("Control", "control", "the Flink path's table control", "DDL and other control records, per table and day",
                controlColumns(), layout.prefix(FlinkOutput.CONTROL), byTableAndDay(tables), bucket);

        AthenaNaming naming = new AthenaNaming(catalog.database());
        if (!tables.isEmpty()) {
            warnOfWindowCount(settings.windowSizeMs(), LocalDate.now(ZoneOffset.UTC));
        }
        for (LakeTable table : tables) {
            String name = AthenaNaming.tableName(table);
            String constructId = "Table" + name;
            S3Table changeLines = table(constructId, name, "the table " + table.name(),
                    "Change lines of " + table.name() + " (every column as text)", changeLineColumns(table),
                    layout.prefix(FlinkOutput.TRANSFORMED) + S3Layout.tableDirectory(table.schema(), table.table()) + "/",
                    byWindow(settings.windowSizeMs()), bucket);
            mapRenamedColumns(changeLines, table);
            List<LakeView> views = TableViews.render(table, naming, naming.source(table));
            checkViewColumns(table, views);
            CfnTable changes = view(constructId + "Changes", AthenaNaming.changesViewName(table),
                    "the _changes view of " + table.name(), views.get(0));
            CfnTable current = view(constructId + "Current", AthenaNaming.currentViewName(table),
                    "the _current view of " + table.name(), views.get(1));
            changes.getNode().addDependency(changeLines);
            current.getNode().addDependency(changes);
        }
        CfnOutput.Builder.create(this, "GlueDatabase").value(catalog.database())
                .description("The Glue database Athena queries the lake in").build();
    }

    /** A Glue table of JSON lines under {@code prefix} with partition projection, its name taken for {@code what}. */
    private S3Table table(String id, String name, String what, String description, List<Column> columns, String prefix,
            Projection projection, S3TableStorage bucket) {
        claim(glueNames, name, what, "the Glue table");
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

    /** An Athena view (a Glue table too), its name taken for {@code what}. */
    private CfnTable view(String id, String name, String what, LakeView view) {
        claim(glueNames, name, what, "the Glue table");
        return AthenaView.create(this, id, database, catalog.database(), name, view);
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
        String first = S3Layout.windowLabel(firstWindow(catalog.since(), windowSizeMs));
        return new Projection(Map.of(WINDOW, PartitionProjectionConfiguration.date(DatePartitionProjectionConfigurationProps.builder()
                .format(WINDOW_FORMAT).min(first).max("NOW")
                .step(DateProjectionStep.builder().interval(windowSizeMs / 1000).intervalUnit(DateIntervalUnit.SECONDS).build())
                .build())), "window=${window}/");
    }

    /** The start (epoch ms) of the first window on {@code since}: windows start at multiples of their size. */
    private static long firstWindow(LocalDate since, long windowSizeMs) {
        return Math.floorDiv(startOf(since), windowSizeMs) * windowSizeMs;
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The day the window count is checked for: {@link #WINDOW_HORIZON} after today, or after {@code since} when that is later. */
    static LocalDate horizon(LocalDate since, LocalDate today) {
        return (since.isAfter(today) ? since : today).plus(WINDOW_HORIZON);
    }

    /**
     * The windows a query over all of a table's windows enumerates on {@code day}: the projection
     * runs from the first window of {@code since} to NOW.
     */
    static long projectedWindows(LocalDate since, LocalDate day, long windowSizeMs) {
        return Math.floorDiv(startOf(day) - firstWindow(since, windowSizeMs), windowSizeMs) + 1;
    }

    /**
     * Warns when the window projection will pass {@link #PARTITION_CAP} within
     * {@link #WINDOW_HORIZON}. A warning, not a failed synthesis: the count depends on the day
     * synthesis runs, so an error would one day stop every stack of the app from deploying (a fix to
     * the Flink stack included) over a catalog that was fine the day before; the cap is Trino's
     * default, not a number AWS documents for Athena; and only queries over all windows meet it, a
     * query of a table's change lines filtered on {@code window} does not. {@code cdk synth --strict}
     * makes it an error for whoever wants one.
     */
    private void warnOfWindowCount(long windowSizeMs, LocalDate today) {
        LocalDate end = horizon(catalog.since(), today);
        long windows = projectedWindows(catalog.since(), end, windowSizeMs);
        if (windows <= PARTITION_CAP) {
            return;
        }
        long span = startOf(end) - startOf(catalog.since());
        // The smallest whole-second window with no more windows than the cap over that span.
        long enough = ceilDiv(ceilDiv(span, PARTITION_CAP), 1000) * 1000;
        Annotations.of(this).addWarningV2("@pgflink/lake:windowCount", String.format(Locale.ROOT,
                "Each source table's Glue table projects %,d windows by %s (one every %d s since %slakeSince=%s), more "
                        + "than the %,d partitions Trino's Hive connector reads in one query by default "
                        + "(hive.max-partitions-per-scan; AWS documents no number for Athena): a query over all windows, "
                        + "every _current view among them, may then fail with HIVE_EXCEEDED_PARTITION_LIMIT, and each "
                        + "window is one S3 LIST request per query. Set %swindowSizeMs to at least %d, or %slakeSince "
                        + "to a later day (docs/lake.md, \"Athena\").",
                windows, end, windowSizeMs / 1000, InfraSettings.PREFIX, catalog.since(), PARTITION_CAP,
                InfraSettings.PREFIX, enough, InfraSettings.PREFIX));
    }

    /** Math.ceilDiv of Java 18, for positive numbers. */
    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
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
     * A source table's change line: its columns under their flat names as Glue keeps them
     * ({@link #glueColumn}), the change metadata, and the before-image (JSON text). Each source
     * column's comment says its PostgreSQL type and the views' type. Names that would meet in Glue,
     * the partition key included, are refused.
     */
    private static List<Column> changeLineColumns(LakeTable table) {
        List<String> metadata = new ArrayList<>(TableViews.SOURCE_METADATA);
        metadata.add(FlatFields.BEFORE_IMAGE);
        Map<String, String> taken = new HashMap<>();
        taken.put(WINDOW, "the partition key " + WINDOW + " (the window directories)");
        metadata.forEach(name -> taken.put(name, "the change metadata " + name));
        List<Column> columns = new ArrayList<>();
        for (LakeColumn column : table.columns()) {
            String name = glueColumn(column);
            claim(taken, name, "the column " + column.name() + " of " + table.name(),
                    "a column of the Glue table " + AthenaNaming.tableName(table) + ", the column");
            columns.add(Column.builder().name(name).type(Schema.STRING)
                    .comment(column.postgresType() + " -> " + column.sqlType() + " in the views").build());
        }
        columns.addAll(strings(metadata.toArray(String[]::new)));
        return columns;
    }

    /**
     * A source column's Glue column: its key in the flat line ({@link FlatFields#flatColumnName}) as
     * Glue keeps names ({@link AthenaNaming#glueName}), which is the name the Athena views read.
     */
    private static String glueColumn(LakeColumn column) {
        return AthenaNaming.glueName(FlatFields.flatColumnName(column.name()));
    }

    /**
     * Maps each Glue column that is not its line's key back to the key, with the OpenX SerDe's
     * {@code mapping.<column>} parameter (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html):
     * {@code order_id} reads {@code "Order ID"}. S3Table sets only the serialization library, so the
     * parameters are an override of its CloudFormation resource.
     */
    private static void mapRenamedColumns(S3Table changeLines, LakeTable table) {
        Map<String, String> mappings = new TreeMap<>();
        for (LakeColumn column : table.columns()) {
            String key = FlatFields.flatColumnName(column.name());
            if (!glueColumn(column).equals(key)) {
                mappings.put("mapping." + glueColumn(column), key);
            }
        }
        if (!mappings.isEmpty()) {
            ((CfnTable) changeLines.getNode().getDefaultChild())
                    .addPropertyOverride("TableInput.StorageDescriptor.SerdeInfo.Parameters", mappings);
        }
    }

    /**
     * Refuses views with two columns of one name in Glue: a source column named like a column the
     * {@code _changes} view adds ({@code __op}), or two source columns that meet as Glue names.
     */
    private static void checkViewColumns(LakeTable table, List<LakeView> views) {
        for (LakeView view : views) {
            Map<String, String> taken = new HashMap<>();
            for (int i = 0; i < view.columns().size(); i++) {
                String name = view.columns().get(i).name();
                claim(taken, AthenaNaming.glueName(name), (i < table.columns().size() ? "the column " + name + " of "
                        + table.name() : "the change metadata " + name), "a column of the view " + view.name() + ", the column");
            }
        }
    }

    /**
     * Takes {@code glueName} (in {@code where}, a Glue table or a table's columns) for {@code what},
     * refusing a name something else already has: CloudFormation would fail on a second table of one
     * name, Glue and Athena on a second column.
     */
    private static void claim(Map<String, String> taken, String glueName, String what, String where) {
        String other = taken.putIfAbsent(glueName, what);
        if (other != null) {
            throw new IllegalArgumentException(what + " and " + other + " would both be " + where + " " + glueName
                    + " (Glue keeps names in lower case, characters other than letters, digits and _ as _): rename one,"
                    + " or leave its table out of the definitions file (" + InfraSettings.PREFIX + "lakeTables)");
        }
    }

    private static List<Column> strings(String... names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(Column.builder().name(name).type(Schema.STRING).build());
        }
        return columns;
    }
}
