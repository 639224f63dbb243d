package dev.pgflink.core.layout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where every output lives in the bucket: the one place that names prefixes and keys, used by
 * the job, the Lambda path, the local pipeline and parity.
 *
 * <pre>
 * flink/raw/dt=2024-12-16/hour=13/part-….jsonl                             every Kinesis record
 * flink/transformed/delivery/orders/window=20241216T132400Z/part-….jsonl   flat records of one window
 * flink/transformed/delivery/orders/window=20241216T132400Z/_manifest-….json the window is complete
 * flink/control/delivery/orders/dt=2024-12-16/part-….jsonl                 DDL, in order per table
 * flink/errors/dt=2024-12-16/hour=13/part-….jsonl                          rejected records
 * firehose/transformed/2024/12/16/13/STREAM-1-2024-12-16-13-24-38-UUID     the Firehose path
 * firehose/raw/2024/12/16/13/…                                             Firehose source backup
 * firehose/errors/processing-failed/2024/12/16/13/…                        Firehose processing failures
 * </pre>
 *
 * <p>Directory names are UTC. Schema and table names are path segments: characters other than
 * {@code A-Z a-z 0-9 _ - .} are written as {@code ~XX} per UTF-8 byte (never {@code %}, which
 * Hadoop paths re-encode), and an empty name as {@code _}. Readers of records skip objects whose
 * name starts with {@code _} or {@code .}: manifests, and the in-progress files a file sink leaves
 * behind after a failover.
 */
public final class S3Layout implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The Flink path's outputs. */
    public enum FlinkOutput {
        RAW("raw"),
        TRANSFORMED("transformed"),
        CONTROL("control"),
        ERRORS("errors");

        private final String directory;

        FlinkOutput(String directory) {
            this.directory = directory;
        }

        /** This output's key prefix under a root, ending in a slash: {@code flink/raw/}. */
        public String prefixUnder(String root) {
            return checkRoot(root, "flink root") + "/" + directory + "/";
        }
    }

    /** The Firehose path's outputs. */
    public enum FirehoseOutput {
        TRANSFORMED("transformed"),
        /** Firehose's source-record backup. */
        RAW("raw"),
        /** Records the Lambda returned as ProcessingFailed, under Firehose's error-output-type. */
        PROCESSING_FAILED("errors/processing-failed");

        private final String directory;

        FirehoseOutput(String directory) {
            this.directory = directory;
        }

        /** This output's key prefix under a root, ending in a slash: {@code firehose/raw/}. */
        public String prefixUnder(String root) {
            return checkRoot(root, "firehose root") + "/" + directory + "/";
        }
    }

    public static final String DEFAULT_FLINK_ROOT = "flink";
    public static final String DEFAULT_FIREHOSE_ROOT = "firehose";
    /** File names the Flink sinks give their part files: {@code part-<uid>-<n>.jsonl}. */
    public static final String PART_PREFIX = "part";
    public static final String PART_SUFFIX = ".jsonl";
    /** Records that came after their window closed: {@code late-part-<uid>-<n>.jsonl}, beside the window's parts. */
    public static final String LATE_PART_PREFIX = "late-" + PART_PREFIX;
    /**
     * Manifests are written by a Flink file sink too (so they commit exactly once with the data),
     * which names files {@code PREFIX-<uid>-<n>SUFFIX}: {@code _manifest-….json}.
     */
    public static final String MANIFEST_PREFIX = "_manifest";
    public static final String MANIFEST_SUFFIX = ".json";
    public static final String WINDOW_PREFIX = "window=";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WINDOW = new DateTimeFormatterBuilder()
            .appendPattern("uuuuMMdd'T'HHmmss")
            .optionalStart().appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true).optionalEnd()
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WINDOW_WHOLE_SECOND =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FIREHOSE_HOUR =
            DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FIREHOSE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final Pattern FLINK_PART = Pattern.compile("(?:" + Pattern.quote(LATE_PART_PREFIX) + "|"
            + Pattern.quote(PART_PREFIX) + ")-[0-9A-Za-z-]+-[0-9]+" + Pattern.quote(PART_SUFFIX)
            + "(?:" + Pattern.quote(Compression.GZIP.suffix()) + ")?");
    private static final Pattern FIREHOSE_OBJECT = Pattern.compile(".+-[0-9]+-[0-9]{4}(?:-[0-9]{2}){5}"
            + "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:" + Pattern.quote(Compression.GZIP.suffix()) + ")?");

    private final String flinkRoot;
    private final String firehoseRoot;

    /** Roots without leading or trailing slashes, such as {@code flink} or {@code team/cdc/flink}. */
    public S3Layout(String flinkRoot, String firehoseRoot) {
        this.flinkRoot = checkRoot(flinkRoot, "flink root");
        this.firehoseRoot = checkRoot(firehoseRoot, "firehose root");
        if (flinkRoot.equals(firehoseRoot)) {
            throw new IllegalArgumentException("the Flink and Firehose roots must differ: " + flinkRoot);
        }
    }

    public static S3Layout defaults() {
        return new S3Layout(DEFAULT_FLINK_ROOT, DEFAULT_FIREHOSE_ROOT);
    }

    /** This layout with another root for the Flink path's outputs. */
    public S3Layout withFlinkRoot(String root) {
        return new S3Layout(root, firehoseRoot);
    }

    /** This layout with another root for the Firehose path's outputs. */
    public S3Layout withFirehoseRoot(String root) {
        return new S3Layout(flinkRoot, root);
    }

    private static String checkRoot(String root, String what) {
        Objects.requireNonNull(root, what);
        if (root.isEmpty() || root.startsWith("/") || root.endsWith("/") || root.contains("//")) {
            throw new IllegalArgumentException(what + " must be a non-empty key prefix without leading, trailing "
                    + "or double slashes: '" + root + "'");
        }
        return root;
    }

    /** The key prefix of one Flink output, ending in a slash: {@code flink/raw/}. */
    public String prefix(FlinkOutput output) {
        return output.prefixUnder(flinkRoot);
    }

    /** The key prefix of one Firehose output, ending in a slash: {@code firehose/transformed/}. */
    public String prefix(FirehoseOutput output) {
        return output.prefixUnder(firehoseRoot);
    }

    /** Raw bucket (relative to the raw prefix) for a record that arrived at the given time. */
    public String rawBucket(long arrivalMillis) {
        return DAY_HOUR.format(Instant.ofEpochMilli(arrivalMillis));
    }

    /** Errors bucket (relative to the errors prefix) for a record that arrived at the given time. */
    public String errorsBucket(long arrivalMillis) {
        return DAY_HOUR.format(Instant.ofEpochMilli(arrivalMillis));
    }

    /** Transformed bucket (relative to the transformed prefix) of one table's window. */
    public String transformedBucket(String schema, String table, long windowStartMillis) {
        return tableDirectory(schema, table) + "/" + WINDOW_PREFIX + windowLabel(windowStartMillis);
    }

    /** Control bucket (relative to the control prefix) of one table's DDL on the given day. */
    public String controlBucket(String schema, String table, long eventMillis) {
        return tableDirectory(schema, table) + "/" + DAY.format(Instant.ofEpochMilli(eventMillis));
    }

    /** The full key of an object in a bucket of a Flink output. */
    public String key(FlinkOutput output, String bucket, String fileName) {
        return prefix(output) + bucket + "/" + fileName;
    }

    /** True for the key of a manifest that marks a table's window complete. */
    public static boolean isManifest(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.startsWith(MANIFEST_PREFIX) && name.endsWith(MANIFEST_SUFFIX);
    }

    /**
     * A Firehose object key, in Firehose's own naming:
     * {@code PREFIX/YYYY/MM/DD/HH/STREAM-VERSION-YYYY-MM-DD-HH-MM-SS-UUID}.
     */
    public String firehoseKey(FirehoseOutput output, String deliveryStream, int version, Instant time, UUID id) {
        return firehoseKey(output, deliveryStream, version, time, id, Compression.NONE);
    }

    /**
     * The same, for a delivery stream that compresses: Firehose ends the name with the codec's file
     * extension ({@code <file extension>} in https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html).
     */
    public String firehoseKey(FirehoseOutput output, String deliveryStream, int version, Instant time, UUID id,
            Compression compression) {
        return prefix(output) + FIREHOSE_HOUR.format(time) + "/" + deliveryStream + "-" + version + "-"
                + FIREHOSE_TIME.format(time) + "-" + id + compression.suffix();
    }

    /** {@code schema/table}, each encoded as a path segment. */
    public static String tableDirectory(String schema, String table) {
        return encodeSegment(schema) + "/" + encodeSegment(table);
    }

    /** The window label: UTC start, {@code 20241216T132400Z}, with milliseconds only when not zero. */
    public static String windowLabel(long windowStartMillis) {
        Instant start = Instant.ofEpochMilli(windowStartMillis);
        return windowStartMillis % 1000 == 0 ? WINDOW_WHOLE_SECOND.format(start) : WINDOW.format(start);
    }

    /** The window start of a label made by {@link #windowLabel}. */
    public static long parseWindowLabel(String label) {
        return Instant.from(WINDOW.parse(label)).toEpochMilli();
    }

    /** True for objects that hold records; false for manifests and in-progress or hidden files. */
    public static boolean holdsRecords(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return !name.isEmpty() && name.charAt(0) != '_' && name.charAt(0) != '.';
    }

    /**
     * True only for the name a Flink file sink gives a committed part file of records,
     * {@code part-<uid>-<n>.jsonl} or {@code late-part-<uid>-<n>.jsonl}, with {@code .gz} when compressed: not for manifests, a sink's
     * in-progress or temporary objects, nor a store's temporary copy of a part being written
     * (S3Proxy on a directory lists {@code part-….jsonl-<uuid>} until it renames it).
     */
    public static boolean isCommittedFlinkPart(String key) {
        return FLINK_PART.matcher(key.substring(key.lastIndexOf('/') + 1)).matches();
    }

    /**
     * True only for the name of an object written by a Firehose delivery stream, as
     * {@link #firehoseKey} makes it ({@code STREAM-VERSION-YYYY-MM-DD-HH-MM-SS-UUID}): not for a
     * store's temporary copy of one being written.
     */
    public static boolean isFirehoseObject(String key) {
        return FIREHOSE_OBJECT.matcher(key.substring(key.lastIndexOf('/') + 1)).matches();
    }

    /** A schema or table name as one path segment that every S3 tool and Hadoop path accepts. */
    public static String encodeSegment(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        if (name.equals(".") || name.equals("..") || name.equals("_")) {
            // Segments with a meaning of their own: the empty name, and paths' "." and "..".
            return name.replace(".", "~2E").replace("_", "~5F");
        }
        boolean plain = true;
        for (int i = 0; i < name.length() && plain; i++) {
            plain = isPlain(name.charAt(i));
        }
        if (plain) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && isPlain((char) b)) {
                out.append((char) b);
            } else {
                out.append('~').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** The name a segment made by {@link #encodeSegment} stands for. */
    public static String decodeSegment(String segment) {
        if (segment.equals("_")) {
            return "";
        }
        if (segment.indexOf('~') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '~' && i + 2 < segment.length()) {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isPlain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '.';
    }
}
