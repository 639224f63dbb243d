package dev.pgflink.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Every setting of the job, read from Managed Flink runtime property groups (or the same groups
 * from a local JSON file) and checked at start: a wrong value fails here with the property's
 * name, never deep inside a task. Defaults are listed in the README.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SOURCE_GROUP = "KinesisSource";
    public static final String OUTPUT_GROUP = "Output";
    public static final String TRANSFORM_GROUP = "Transform";
    public static final String LOCAL_GROUP = "Local";

    /** Where a consumer starts when it has no checkpointed position. */
    public enum InitialPosition {
        LATEST, TRIM_HORIZON, AT_TIMESTAMP
    }

    // KinesisSource
    private final List<String> streams;
    private final String region;
    private final String endpoint;
    private final InitialPosition initialPosition;
    private final Instant initialTimestamp;
    private final int getRecordsMax;
    private final long getRecordsIntervalMillis;
    private final long shardDiscoveryIntervalMillis;
    private final String accessKey;
    private final String secretKey;
    // Output
    private final String basePath;
    private final String flinkRoot;
    // Transform
    private final Duration windowSize;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final String beforeImageField;
    // Local
    private final long checkpointIntervalMillis;
    private final int parallelism;
    private final int webUiPort;
    private final String s3Endpoint;
    private final String s3AccessKey;
    private final String s3SecretKey;

    private JobConfig(Map<String, Properties> groups) {
        Reader source = new Reader(SOURCE_GROUP, groups);
        streams = Collections.unmodifiableList(source.list("stream.names"));
        region = source.string("aws.region", "us-east-1");
        endpoint = source.optional("endpoint");
        initialPosition = source.enumValue("initial.position", InitialPosition.class, InitialPosition.LATEST);
        initialTimestamp = initialPosition == InitialPosition.AT_TIMESTAMP ? source.instant("initial.timestamp") : null;
        getRecordsMax = (int) source.number("getrecords.max", 10_000, 1, 10_000);
        getRecordsIntervalMillis = source.number("getrecords.interval.ms", 200, 0, 60_000);
        shardDiscoveryIntervalMillis = source.number("shard.discovery.interval.ms", 10_000, 100, 3_600_000);
        accessKey = source.optional("access.key");
        secretKey = source.optional("secret.key");
        if ((accessKey == null) != (secretKey == null)) {
            throw source.invalid("access.key", "set both access.key and secret.key, or neither (default credentials)");
        }

        Reader output = new Reader(OUTPUT_GROUP, groups);
        basePath = trimSlashes(output.required("base.path"));
        if (!basePath.matches("[a-z][a-z0-9+.-]*://.+")) {
            throw output.invalid("base.path", "must be a URI such as s3://my-bucket or s3://my-bucket/prefix, not '"
                    + basePath + "'");
        }
        flinkRoot = trimSlashes(output.string("flink.root", "flink"));

        Reader transform = new Reader(TRANSFORM_GROUP, groups);
        windowSize = Duration.ofMillis(transform.number("window.size.ms", 60_000, 100, 86_400_000));
        maxOutOfOrderness = Duration.ofMillis(transform.number("max.out.of.orderness.ms", 5_000, 0, 3_600_000));
        idleness = Duration.ofMillis(transform.number("idleness.ms", 30_000, 100, 86_400_000));
        beforeImageField = transform.string("before.image.field", "before-image");

        Reader local = new Reader(LOCAL_GROUP, groups);
        checkpointIntervalMillis = local.number("checkpoint.interval.ms", 60_000, 100, 3_600_000);
        parallelism = (int) local.number("parallelism", 1, 1, 256);
        webUiPort = (int) local.number("web.ui.port", 8081, 0, 65_535);
        s3Endpoint = local.optional("s3.endpoint");
        s3AccessKey = local.optional("s3.access.key");
        s3SecretKey = local.optional("s3.secret.key");
    }

    /** Reads and checks the configuration from property groups. */
    public static JobConfig from(Map<String, Properties> groups) {
        return new JobConfig(groups);
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        return trimmed;
    }

    public List<String> streams() {
        return streams;
    }

    public String region() {
        return region;
    }

    /** The Kinesis endpoint to use instead of AWS's (local runs); null for AWS. */
    public String endpoint() {
        return endpoint;
    }

    public InitialPosition initialPosition() {
        return initialPosition;
    }

    public Instant initialTimestamp() {
        return initialTimestamp;
    }

    public int getRecordsMax() {
        return getRecordsMax;
    }

    public long getRecordsIntervalMillis() {
        return getRecordsIntervalMillis;
    }

    public long shardDiscoveryIntervalMillis() {
        return shardDiscoveryIntervalMillis;
    }

    /** Static Kinesis credentials (local runs); null to use the default credential chain. */
    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The root every output is written under, such as {@code s3://bucket}. */
    public String basePath() {
        return basePath;
    }

    public String flinkRoot() {
        return flinkRoot;
    }

    public Duration windowSize() {
        return windowSize;
    }

    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }

    public Duration idleness() {
        return idleness;
    }

    public String beforeImageField() {
        return beforeImageField;
    }

    public long checkpointIntervalMillis() {
        return checkpointIntervalMillis;
    }

    public int parallelism() {
        return parallelism;
    }

    public int webUiPort() {
        return webUiPort;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String s3AccessKey() {
        return s3AccessKey;
    }

    public String s3SecretKey() {
        return s3SecretKey;
    }

    /** Reads one property group, naming the property in every error. */
    private static final class Reader {
        private final String group;
        private final Properties properties;

        Reader(String group, Map<String, Properties> groups) {
            this.group = group;
            this.properties = groups.getOrDefault(group, new Properties());
        }

        IllegalArgumentException invalid(String key, String problem) {
            return new IllegalArgumentException("invalid configuration: " + group + "." + key + ": " + problem);
        }

        String optional(String key) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String key) {
            String value = optional(key);
            if (value == null) {
                throw invalid(key, "is required (property group '" + group + "', key '" + key + "')");
            }
            return value;
        }

        String string(String key, String defaultValue) {
            String value = optional(key);
            return value == null ? defaultValue : value;
        }

        List<String> list(String key) {
            List<String> values = Arrays.stream(required(key).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(ArrayList::new));
            if (values.isEmpty()) {
                throw invalid(key, "names no stream");
            }
            return values;
        }

        long number(String key, long defaultValue, long min, long max) {
            String value = optional(key);
            if (value == null) {
                return defaultValue;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(key, "'" + value + "' is not a whole number");
            }
            if (parsed < min || parsed > max) {
                throw invalid(key, parsed + " is outside " + min + ".." + max);
            }
            return parsed;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
            String value = optional(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(key, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        Instant instant(String key) {
            String value = required(key);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(key, "'" + value + "' is not an ISO-8601 instant such as 2024-12-16T13:00:00Z");
            }
        }
    }
}
