package dev.pgflink.job.config;

import static dev.pgflink.core.config.JobProperty.*;

import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.layout.Compression;
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


    /** How the job reads each shard: GetRecords polling, or enhanced fan-out (its own 2 MB/s per shard). */
    public enum ConsumerType {
        POLLING, EFO
    }

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
    private final ConsumerType consumerType;
    private final String efoConsumerName;
    private final String efoConsumerArn;
    private final String accessKey;
    private final String secretKey;
    // Output
    private final String basePath;
    private final String flinkRoot;
    private final Compression compression;
    // Transform
    private final Duration windowSize;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final Duration quietTime;
    private final String beforeImageField;
    // Local
    private final long checkpointIntervalMillis;
    private final int parallelism;
    private final int webUiPort;
    private final String s3Endpoint;
    private final String s3AccessKey;
    private final String s3SecretKey;

    private JobConfig(Map<String, Properties> groups) {
        Reader read = new Reader(groups);
        streams = Collections.unmodifiableList(read.list(STREAM_NAMES));
        region = read.string(AWS_REGION, "us-east-1");
        endpoint = read.optional(ENDPOINT);
        initialPosition = read.enumValue(INITIAL_POSITION, InitialPosition.class, InitialPosition.LATEST);
        initialTimestamp = initialPosition == InitialPosition.AT_TIMESTAMP ? read.instant(INITIAL_TIMESTAMP) : null;
        getRecordsMax = (int) read.number(GETRECORDS_MAX, 10_000, 1, 10_000);
        getRecordsIntervalMillis = read.number(GETRECORDS_INTERVAL_MS, 200, 0, 60_000);
        shardDiscoveryIntervalMillis = read.number(SHARD_DISCOVERY_INTERVAL_MS, 10_000, 100, 3_600_000);
        consumerType = read.enumValue(CONSUMER_TYPE, ConsumerType.class, ConsumerType.POLLING);
        efoConsumerName = consumerType == ConsumerType.EFO ? read.required(EFO_CONSUMER_NAME) : null;
        efoConsumerArn = consumerType == ConsumerType.EFO ? read.optional(EFO_CONSUMER_ARN) : null;
        if (efoConsumerArn != null && streams.size() != 1) {
            throw read.invalid(EFO_CONSUMER_ARN, "a consumer belongs to one stream; with " + streams.size()
                    + " streams leave it out and the job registers consumer " + efoConsumerName + " on each");
        }
        accessKey = read.optional(ACCESS_KEY);
        secretKey = read.optional(SECRET_KEY);
        if ((accessKey == null) != (secretKey == null)) {
            throw read.invalid(ACCESS_KEY, "set both " + ACCESS_KEY.key() + " and " + SECRET_KEY.key()
                    + ", or neither (default credentials)");
        }

        basePath = trimSlashes(read.required(BASE_PATH));
        if (!basePath.matches("[a-z][a-z0-9+.-]*://.+")) {
            throw read.invalid(BASE_PATH, "must be a URI such as s3://my-bucket or s3://my-bucket/prefix, not '"
                    + basePath + "'");
        }
        flinkRoot = trimSlashes(read.string(FLINK_ROOT, "flink"));
        compression = read.compression(COMPRESSION);

        windowSize = Duration.ofMillis(read.number(WINDOW_SIZE_MS, 60_000, 100, 86_400_000));
        maxOutOfOrderness = Duration.ofMillis(read.number(MAX_OUT_OF_ORDERNESS_MS, 5_000, 0, 3_600_000));
        idleness = Duration.ofMillis(read.number(IDLENESS_MS, 30_000, 100, 86_400_000));
        quietTime = Duration.ofMillis(read.number(QUIET_TIME_MS, 120_000, 100, 86_400_000));
        beforeImageField = read.string(BEFORE_IMAGE_FIELD, "before-image");

        checkpointIntervalMillis = read.number(CHECKPOINT_INTERVAL_MS, 60_000, 100, 3_600_000);
        parallelism = (int) read.number(PARALLELISM, 1, 1, 256);
        webUiPort = (int) read.number(WEB_UI_PORT, 8081, 0, 65_535);
        s3Endpoint = read.optional(S3_ENDPOINT);
        s3AccessKey = read.optional(S3_ACCESS_KEY);
        s3SecretKey = read.optional(S3_SECRET_KEY);
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

    public ConsumerType consumerType() {
        return consumerType;
    }

    /** The enhanced fan-out consumer's name; null when polling. */
    public String efoConsumerName() {
        return efoConsumerName;
    }

    /** The ARN of an EFO consumer registered outside the job (one stream only); null to register it. */
    public String efoConsumerArn() {
        return efoConsumerArn;
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

    /** How the record files are written; manifests stay plain JSON. */
    public Compression compression() {
        return compression;
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

    /** After this long without records, the watermark follows the wall clock (less out-of-orderness). */
    public Duration quietTime() {
        return quietTime;
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

    /** Reads properties from their groups, naming the property in every error. */
    private static final class Reader {
        private final Map<String, Properties> groups;

        Reader(Map<String, Properties> groups) {
            this.groups = groups;
        }

        IllegalArgumentException invalid(JobProperty property, String problem) {
            return new IllegalArgumentException("invalid configuration: " + property.qualifiedName() + ": " + problem);
        }

        String optional(JobProperty property) {
            Properties group = groups.get(property.group().id());
            String value = group == null ? null : group.getProperty(property.key());
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(JobProperty property) {
            String value = optional(property);
            if (value == null) {
                throw invalid(property, "is required (property group '" + property.group().id() + "', key '" + property.key() + "')");
            }
            return value;
        }

        String string(JobProperty property, String defaultValue) {
            String value = optional(property);
            return value == null ? defaultValue : value;
        }

        List<String> list(JobProperty property) {
            List<String> values = Arrays.stream(required(property).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(ArrayList::new));
            if (values.isEmpty()) {
                throw invalid(property, "names no stream");
            }
            return values;
        }

        long number(JobProperty property, long defaultValue, long min, long max) {
            String value = optional(property);
            if (value == null) {
                return defaultValue;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(property, "'" + value + "' is not a whole number");
            }
            if (parsed < min || parsed > max) {
                throw invalid(property, parsed + " is outside " + min + ".." + max);
            }
            return parsed;
        }

        <E extends Enum<E>> E enumValue(JobProperty property, Class<E> type, E defaultValue) {
            String value = optional(property);
            if (value == null) {
                return defaultValue;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(property, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        Compression compression(JobProperty property) {
            String value = optional(property);
            try {
                return value == null ? Compression.NONE : Compression.parse(value);
            } catch (IllegalArgumentException e) {
                throw invalid(property, e.getMessage());
            }
        }

        Instant instant(JobProperty property) {
            String value = required(property);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(property, "'" + value + "' is not an ISO-8601 instant such as 2024-12-16T13:00:00Z");
            }
        }

        /** A property read through the wrong group's reader is a programming error, caught by any test. */    }
}
