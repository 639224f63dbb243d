package dev.pgflink.infra;

import dev.pgflink.core.layout.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * The deployment's parameters, read from CDK context ({@code cdk.json}, or {@code -c key=value}).
 * Every key starts with {@code pgflink:}; the README and docs/operations.md list them with their
 * defaults, and {@code cdk.json} holds the same defaults (a test checks).
 */
public record InfraSettings(
        String bucketName,
        int rawRetentionDays,
        int errorsRetentionDays,
        EncryptionKey encryptionKey,
        boolean onDemandStream,
        int shardCount,
        int streamRetentionHours,
        String vpcId,
        List<String> subnetIds,
        List<String> availabilityZones,
        String sourceDatabaseCidr,
        int sourceDatabasePort,
        String sourceDatabaseName,
        String sourceSecretArn,
        String replicationInstanceClass,
        int replicationStorageGb,
        boolean multiAz,
        String migrationType,
        String tableMappings,
        DmsKinesisSettings dmsKinesis,
        int dmsHeartbeatFrequencyMinutes,
        boolean createDmsServiceRoles,
        SourceMonitoring sourceMonitoring,
        int dmsLatencyAlarmSeconds,
        Path jobJar,
        ConsumerType consumerType,
        String efoConsumerName,
        InitialPosition initialPosition,
        Instant initialTimestamp,
        int flinkParallelism,
        int flinkParallelismPerKpu,
        boolean flinkAutoScaling,
        long checkpointIntervalMs,
        long windowSizeMs,
        Compression outputCompression,
        boolean deployParity,
        Path lambdaJar,
        int firehoseBufferMb,
        int firehoseBufferSeconds,
        int processorBufferMb,
        String alarmEmail,
        long iteratorAgeAlarmMs,
        LakeCatalogSettings lakeCatalog) {

    /** The DMS Kinesis target endpoint settings (see shared/reference/dms-kinesis-format.md). */
    public record DmsKinesisSettings(boolean includeTransactionDetails, boolean includePartitionValue,
            boolean partitionIncludeSchemaTable, boolean includeTableAlterOperations, boolean includeControlDetails,
            boolean includeNullAndEmpty) {
    }

    /** How the Flink job reads the stream: the job's {@code consumer.type} values. */
    public enum ConsumerType {
        /** GetRecords: shares each shard's 5 reads/s and 2 MB/s with every other polling reader. */
        POLLING,
        /** Enhanced fan-out: a consumer registered by the CDK app, with its own 2 MB/s per shard. */
        EFO
    }

    /**
     * Where the job starts reading when it starts without a snapshot: the job's
     * {@code initial.position} values. A start from a snapshot resumes where the snapshot was.
     */
    public enum InitialPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    /**
     * The customer-managed KMS key for the bucket, the stream and the Firehose path: none (AWS's
     * keys: SSE-S3 and {@code alias/aws/kinesis}), one this app creates, or an existing key by ARN.
     */
    public record EncryptionKey(Mode mode, String existingKeyArn) {
        public enum Mode { NONE, CREATE, EXISTING }

        static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+");

        static EncryptionKey parse(String value) {
            if (value.equals("none")) {
                return new EncryptionKey(Mode.NONE, null);
            }
            if (value.equals("create")) {
                return new EncryptionKey(Mode.CREATE, null);
            }
            require(KEY_ARN.matcher(value).matches(), PREFIX + "kmsKey must be none, create or a KMS key ARN "
                    + "(arn:aws:kms:REGION:ACCOUNT:key/ID; an alias cannot be named in IAM policies), was '" + value + "'");
            return new EncryptionKey(Mode.EXISTING, value);
        }
    }

    /**
     * Alarms on the source database's own metrics, when it is RDS for PostgreSQL or Aurora
     * PostgreSQL: the instance to watch (none: no alarms), its engine, and thresholds.
     */
    public record SourceMonitoring(SourceEngine engine, String instanceId, int walAlarmMb, int freeStorageAlarmGb) {
        public boolean enabled() {
            return instanceId != null;
        }
    }

    /** Where the source database runs, for the metrics it publishes. */
    public enum SourceEngine { RDS, AURORA }

    static final String PREFIX = "pgflink:";
    static final String DEFAULT_TABLE_MAPPINGS = "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\","
            + "\"rule-name\":\"delivery\",\"object-locator\":{\"schema-name\":\"delivery\",\"table-name\":\"%\"},"
            + "\"rule-action\":\"include\"}]}";

    public InfraSettings {
        require(rawRetentionDays >= 1 && errorsRetentionDays >= 1, "retention days must be 1 or more");
        require(onDemandStream || shardCount >= 1, "pgflink:shardCount must be 1 or more for a provisioned stream");
        // Kinesis accepts 24 hours to 365 days; less than 7 days loses changes over a long weekend with the job stopped.
        require(streamRetentionHours >= 24 && streamRetentionHours <= 8760,
                "pgflink:streamRetentionHours must be 24..8760 (Kinesis's range), was " + streamRetentionHours);
        require(dmsHeartbeatFrequencyMinutes >= 1, "pgflink:dms.heartbeatFrequencyMinutes must be 1 or more");
        require(dmsLatencyAlarmSeconds >= 1, "pgflink:dmsLatencyAlarmSeconds must be 1 or more");
        require(sourceMonitoring.walAlarmMb() >= 1 && sourceMonitoring.freeStorageAlarmGb() >= 1,
                "pgflink:sourceWalAlarmMb and pgflink:sourceFreeStorageAlarmGb must be 1 or more");
        require((initialPosition == InitialPosition.AT_TIMESTAMP) == (initialTimestamp != null),
                "pgflink:initialTimestamp is required with pgflink:initialPosition=at_timestamp, and only then");
        require(efoConsumerName.matches("[a-zA-Z0-9_.-]{1,128}"),
                "pgflink:efoConsumerName must be 1..128 letters, digits, '_', '.' or '-', was '" + efoConsumerName + "'");
        require(vpcId == null || !subnetIds.isEmpty() && subnetIds.size() == availabilityZones.size(),
                "with pgflink:vpcId give pgflink:subnetIds and pgflink:availabilityZones, one zone per subnet");
        require(List.of("cdc", "full-load-and-cdc").contains(migrationType),
                "pgflink:migrationType must be cdc or full-load-and-cdc, was " + migrationType);
        require(processorBufferMb >= 1 && processorBufferMb <= 3,
                "pgflink:processorBufferMb must be 1..3 (more risks the 6 MB Lambda response limit)");
        require(firehoseBufferMb >= 1 && firehoseBufferMb <= 128, "pgflink:firehoseBufferMb must be 1..128");
        require(firehoseBufferSeconds >= 0 && firehoseBufferSeconds <= 900, "pgflink:firehoseBufferSeconds must be 0..900");
        require(flinkParallelism >= 1 && flinkParallelismPerKpu >= 1, "Flink parallelism values must be 1 or more");
        require(windowSizeMs % 1000 == 0, PREFIX + "windowSizeMs must be whole seconds for the Glue tables' window "
                + "projection (window labels carry milliseconds otherwise), was " + windowSizeMs);
        requireJar(jobJar, "pgflink:jobJar", "./mvnw -pl job -am package -DskipTests");
        if (deployParity) {
            requireJar(lambdaJar, "pgflink:lambdaJar", "./mvnw -pl lambda-compat -am package -DskipTests");
        }
    }

    /** Reads every setting from the context of the app's tree. */
    public static InfraSettings from(Node context) {
        Context c = new Context(context);
        boolean deployParity = c.bool("deployParity", true);
        return new InfraSettings(
                c.text("bucketName", null),
                c.integer("rawRetentionDays", 30),
                c.integer("errorsRetentionDays", 90),
                EncryptionKey.parse(c.text("kmsKey", "none")),
                !"PROVISIONED".equals(c.text("streamMode", "ON_DEMAND").toUpperCase(Locale.ROOT)),
                c.integer("shardCount", 2),
                c.integer("streamRetentionHours", 168),
                c.text("vpcId", null),
                c.list("subnetIds"),
                c.list("availabilityZones"),
                c.text("sourceDatabaseCidr", "10.20.0.0/16"),
                c.integer("sourceDatabasePort", 5432),
                c.text("sourceDatabaseName", "postgres"),
                c.text("sourceSecretArn", null),
                c.text("replicationInstanceClass", "dms.t3.medium"),
                c.integer("replicationStorageGb", 50),
                c.bool("multiAz", false),
                c.text("migrationType", "cdc"),
                c.text("tableMappings", DEFAULT_TABLE_MAPPINGS),
                new DmsKinesisSettings(c.bool("dms.includeTransactionDetails", true), c.bool("dms.includePartitionValue", false),
                        c.bool("dms.partitionIncludeSchemaTable", false), c.bool("dms.includeTableAlterOperations", true),
                        c.bool("dms.includeControlDetails", true), c.bool("dms.includeNullAndEmpty", false)),
                c.integer("dms.heartbeatFrequencyMinutes", 5),
                c.bool("createDmsServiceRoles", false),
                new SourceMonitoring(c.choice("sourceEngine", SourceEngine.RDS, SourceEngine.class),
                        c.text("sourceDbInstanceId", null), c.integer("sourceWalAlarmMb", 10_240),
                        c.integer("sourceFreeStorageAlarmGb", 10)),
                c.integer("dmsLatencyAlarmSeconds", 600),
                Path.of(c.text("jobJar", "../job/target/pgflink-job-0.1.0-SNAPSHOT.jar")),
                // Both readers of a polled stream share each shard's 5 GetRecords/s and 2 MB/s; with the
                // Firehose path deployed, enhanced fan-out gives the job a 2 MB/s pipe of its own per shard.
                c.choice("consumerType", deployParity ? ConsumerType.EFO : ConsumerType.POLLING, ConsumerType.class),
                c.text("efoConsumerName", "pgflink-flink-job"),
                c.choice("initialPosition", InitialPosition.TRIM_HORIZON, InitialPosition.class),
                c.instant("initialTimestamp"),
                c.integer("flinkParallelism", 2),
                c.integer("flinkParallelismPerKpu", 1),
                c.bool("flinkAutoScaling", true),
                c.integer("checkpointIntervalMs", 60_000),
                c.integer("windowSizeMs", 60_000),
                // Gzip: Athena and DuckDB read gzip JSON Lines by the .gz suffix, and JSON shrinks several
                // times over, which S3 storage, S3 requests and Athena's per-byte scan price all follow.
                c.choice("outputCompression", Compression.GZIP, Compression.class),
                deployParity,
                Path.of(c.text("lambdaJar", "../lambda-compat/target/pgflink-lambda-compat-0.1.0-SNAPSHOT-lambda.jar")),
                c.integer("firehoseBufferMb", 1),
                c.integer("firehoseBufferSeconds", 60),
                c.integer("processorBufferMb", 1),
                c.text("alarmEmail", null),
                c.integer("iteratorAgeAlarmMs", 300_000),
                new LakeCatalogSettings(Path.of(c.text("lakeTables", "lake-tables.json")), c.text("glueDatabase", "pgflink"),
                        c.date("lakeSince", "2026-01-01")));
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireJar(Path jar, String key, String build) {
        require(Files.isRegularFile(jar), key + ": no file at " + jar.toAbsolutePath() + " — build it first (" + build
                + ") or point " + key + " at the jar");
    }

    /** Context values arrive as strings (from -c) or JSON values (from cdk.json). */
    private static final class Context {
        private final Node node;

        Context(Node node) {
            this.node = node;
        }

        String text(String key, String fallback) {
            Object value = node.tryGetContext(PREFIX + key);
            return value == null || value.toString().isBlank() ? fallback : value.toString();
        }

        int integer(String key, int fallback) {
            String value = text(key, null);
            try {
                return value == null ? fallback : Integer.parseInt(value.replaceAll("\\.0$", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be a whole number, was '" + value + "'");
            }
        }

        boolean bool(String key, boolean fallback) {
            String value = text(key, null);
            if (value == null) {
                return fallback;
            }
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(PREFIX + key + " must be true or false, was '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        Instant instant(String key) {
            String value = text(key, null);
            try {
                return value == null ? null : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be an ISO-8601 instant such as "
                        + "2026-11-27T09:00:00Z, was '" + value + "'");
            }
        }

        LocalDate date(String key, String fallback) {
            String value = text(key, fallback);
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be a date such as 2026-01-01, was '" + value + "'");
            }
        }

        <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
            String value = text(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + key + " must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()
                        + ", was '" + value + "'");
            }
        }

        List<String> list(String key) {
            Object value = node.tryGetContext(PREFIX + key);
            if (value == null) {
                return List.of();
            }
            if (value instanceof List<?> items) {
                return items.stream().map(Object::toString).toList();
            }
            return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
