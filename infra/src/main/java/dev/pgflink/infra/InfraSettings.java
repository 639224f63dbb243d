package dev.pgflink.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.constructs.Node;

/**
 * The deployment's parameters, read from CDK context ({@code cdk.json}, or {@code -c key=value}).
 * Every key starts with {@code pgflink:}; the README lists them with their defaults.
 */
public record InfraSettings(
        String bucketName,
        int rawRetentionDays,
        int errorsRetentionDays,
        boolean onDemandStream,
        int shardCount,
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
        boolean createDmsServiceRoles,
        Path jobJar,
        int flinkParallelism,
        int flinkParallelismPerKpu,
        boolean flinkAutoScaling,
        long checkpointIntervalMs,
        long windowSizeMs,
        Path lambdaJar,
        int firehoseBufferMb,
        int firehoseBufferSeconds,
        int processorBufferMb,
        String alarmEmail,
        long iteratorAgeAlarmMs) {

    /** The DMS Kinesis target endpoint settings (see shared/reference/dms-kinesis-format.md). */
    public record DmsKinesisSettings(boolean includeTransactionDetails, boolean includePartitionValue,
            boolean partitionIncludeSchemaTable, boolean includeTableAlterOperations, boolean includeControlDetails,
            boolean includeNullAndEmpty) {
    }

    static final String PREFIX = "pgflink:";
    static final String DEFAULT_TABLE_MAPPINGS = "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\","
            + "\"rule-name\":\"delivery\",\"object-locator\":{\"schema-name\":\"delivery\",\"table-name\":\"%\"},"
            + "\"rule-action\":\"include\"}]}";

    public InfraSettings {
        require(rawRetentionDays >= 1 && errorsRetentionDays >= 1, "retention days must be 1 or more");
        require(onDemandStream || shardCount >= 1, "pgflink:shardCount must be 1 or more for a provisioned stream");
        require(vpcId == null || !subnetIds.isEmpty() && subnetIds.size() == availabilityZones.size(),
                "with pgflink:vpcId give pgflink:subnetIds and pgflink:availabilityZones, one zone per subnet");
        require(List.of("cdc", "full-load-and-cdc").contains(migrationType),
                "pgflink:migrationType must be cdc or full-load-and-cdc, was " + migrationType);
        require(processorBufferMb >= 1 && processorBufferMb <= 3,
                "pgflink:processorBufferMb must be 1..3 (more risks the 6 MB Lambda response limit)");
        require(firehoseBufferMb >= 1 && firehoseBufferMb <= 128, "pgflink:firehoseBufferMb must be 1..128");
        require(firehoseBufferSeconds >= 0 && firehoseBufferSeconds <= 900, "pgflink:firehoseBufferSeconds must be 0..900");
        require(flinkParallelism >= 1 && flinkParallelismPerKpu >= 1, "Flink parallelism values must be 1 or more");
        requireJar(jobJar, "pgflink:jobJar", "./mvnw -pl job -am package -DskipTests");
        requireJar(lambdaJar, "pgflink:lambdaJar", "./mvnw -pl lambda-compat -am package -DskipTests");
    }

    /** Reads every setting from the context of the app's tree. */
    public static InfraSettings from(Node context) {
        Context c = new Context(context);
        return new InfraSettings(
                c.text("bucketName", null),
                c.integer("rawRetentionDays", 30),
                c.integer("errorsRetentionDays", 90),
                !"PROVISIONED".equals(c.text("streamMode", "ON_DEMAND").toUpperCase(Locale.ROOT)),
                c.integer("shardCount", 2),
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
                c.bool("createDmsServiceRoles", false),
                Path.of(c.text("jobJar", "../job/target/pgflink-job-0.1.0-SNAPSHOT.jar")),
                c.integer("flinkParallelism", 2),
                c.integer("flinkParallelismPerKpu", 1),
                c.bool("flinkAutoScaling", true),
                c.integer("checkpointIntervalMs", 60_000),
                c.integer("windowSizeMs", 60_000),
                Path.of(c.text("lambdaJar", "../lambda-compat/target/pgflink-lambda-compat-0.1.0-SNAPSHOT-lambda.jar")),
                c.integer("firehoseBufferMb", 1),
                c.integer("firehoseBufferSeconds", 60),
                c.integer("processorBufferMb", 1),
                c.text("alarmEmail", null),
                c.integer("iteratorAgeAlarmMs", 300_000));
    }

    private static void require(boolean condition, String message) {
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
