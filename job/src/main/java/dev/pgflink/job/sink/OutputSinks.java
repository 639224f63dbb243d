package dev.pgflink.job.sink;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.transform.FlatRecord;
import dev.pgflink.job.transform.RejectedRecord;
import dev.pgflink.job.transform.WindowManifest;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The job's outputs, each a {@link FileSink}: files are committed only when a checkpoint
 * completes, so every output is exactly-once. Directories and names come from {@link S3Layout}.
 */
public final class OutputSinks implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Manifests stay plain JSON whatever the compression: they are small, and watchers read them often. */
    private static final OutputFileConfig MANIFESTS = OutputFileConfig.builder()
            .withPartPrefix(S3Layout.MANIFEST_PREFIX).withPartSuffix(S3Layout.MANIFEST_SUFFIX).build();

    private final String basePath;
    private final S3Layout layout;
    private final Compression compression;
    private final OutputFileConfig parts;
    /** Late records go into their window's directory under a name that says so. */
    private final OutputFileConfig lateParts;

    public OutputSinks(JobConfig config) {
        this.basePath = config.basePath();
        this.layout = S3Layout.defaults().withFlinkRoot(config.flinkRoot());
        this.compression = config.compression();
        String suffix = S3Layout.PART_SUFFIX + compression.suffix();
        this.parts = OutputFileConfig.builder().withPartPrefix(S3Layout.PART_PREFIX).withPartSuffix(suffix).build();
        this.lateParts = OutputFileConfig.builder().withPartPrefix(S3Layout.LATE_PART_PREFIX).withPartSuffix(suffix)
                .build();
    }

    public S3Layout layout() {
        return layout;
    }

    /** Every Kinesis record, byte-exact, by arrival hour: its line from {@link RawLines}. */
    public FileSink<RawLine> raw() {
        return sink(FlinkOutput.RAW, OutputLines::raw, new HourBuckets<>(r -> r.approximateArrivalMillis, layout::rawBucket),
                parts);
    }

    /** Flat records per table and event-time window. */
    public FileSink<FlatRecord> transformed() {
        return sink(FlinkOutput.TRANSFORMED, OutputLines::flat, windowBuckets(), parts);
    }

    /** Records that came after their window closed: same directories, {@code late-part-…} files. */
    public FileSink<FlatRecord> late() {
        return sink(FlinkOutput.TRANSFORMED, OutputLines::flat, windowBuckets(), lateParts);
    }

    /** One manifest per completed table window, next to its files. */
    public FileSink<WindowManifest> manifests() {
        return plainSink(FlinkOutput.TRANSFORMED, OutputLines::manifest,
                new Buckets<>(m -> layout.transformedBucket(m.schema, m.table, m.windowStartMillis)), MANIFESTS);
    }

    /** Control (DDL) lines per table and day. */
    public FileSink<FlatRecord> control() {
        return sink(FlinkOutput.CONTROL, OutputLines::flat,
                new Buckets<>(r -> layout.controlBucket(r.schema, r.table, r.eventTimeMillis)), parts);
    }

    /** Rejected records with their reason and original bytes, by arrival hour. */
    public FileSink<RejectedRecord> errors() {
        return sink(FlinkOutput.ERRORS, OutputLines::error,
                new HourBuckets<>(r -> r.record.approximateArrivalMillis, layout::errorsBucket), parts);
    }

    private WindowBuckets windowBuckets() {
        return new WindowBuckets(layout);
    }

    /** A record output: lines as they are, or one gzip stream per part file. */
    private <T> FileSink<T> sink(FlinkOutput output, Encoder<T> encoder, BucketAssigner<T, String> buckets,
            OutputFileConfig files) {
        if (compression == Compression.NONE) {
            return plainSink(output, encoder, buckets, files);
        }
        return FileSink.forBulkFormat(directory(output), new GzipLines<>(encoder))
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files)
                .build();
    }

    private <T> FileSink<T> plainSink(FlinkOutput output, Encoder<T> encoder, BucketAssigner<T, String> buckets,
            OutputFileConfig files) {
        return FileSink.forRowFormat(directory(output), encoder)
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files)
                .build();
    }

    private Path directory(FlinkOutput output) {
        String prefix = layout.prefix(output);
        return new Path(basePath + "/" + prefix.substring(0, prefix.length() - 1));
    }

    /** A bucket (directory under the output's prefix) computed from the element. */
    interface BucketOf<T> extends java.io.Serializable {
        String bucket(T element);
    }

    /** Buckets named by strings, as every output's are. */
    private abstract static class StringBuckets<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    static final class Buckets<T> extends StringBuckets<T> {
        private static final long serialVersionUID = 1L;
        private final BucketOf<T> bucketOf;

        Buckets(BucketOf<T> bucketOf) {
            this.bucketOf = bucketOf;
        }

        @Override
        public String getBucketId(T element, Context context) {
            return bucketOf.bucket(element);
        }
    }

    /** The time of an element, in epoch milliseconds. */
    interface TimeOf<T> extends java.io.Serializable {
        long millis(T element);
    }

    /** The bucket of a time. */
    interface BucketAt extends java.io.Serializable {
        String bucket(long millis);
    }

    /**
     * Buckets by UTC hour, formatted once per hour rather than once per record (the raw writer asks for
     * every record), and the same String each time, so the writer's map of buckets finds its hash cached.
     */
    static final class HourBuckets<T> extends StringBuckets<T> {
        private static final long serialVersionUID = 1L;
        private static final long HOUR_MILLIS = 3_600_000L;
        private final TimeOf<T> timeOf;
        private final BucketAt bucketAt;
        private transient long hour;
        private transient String bucket;

        HourBuckets(TimeOf<T> timeOf, BucketAt bucketAt) {
            this.timeOf = timeOf;
            this.bucketAt = bucketAt;
        }

        @Override
        public String getBucketId(T element, Context context) {
            long millis = timeOf.millis(element);
            long elementHour = Math.floorDiv(millis, HOUR_MILLIS);
            if (bucket == null || elementHour != hour) {
                bucket = bucketAt.bucket(millis);
                hour = elementHour;
            }
            return bucket;
        }
    }

    /** A table's window directory, formatted again only when the table or the window changes. */
    static final class WindowBuckets extends StringBuckets<FlatRecord> {
        private static final long serialVersionUID = 1L;
        private final S3Layout layout;
        private transient String schema;
        private transient String table;
        private transient long windowStartMillis;
        private transient String bucket;

        WindowBuckets(S3Layout layout) {
            this.layout = layout;
        }

        @Override
        public String getBucketId(FlatRecord record, Context context) {
            if (bucket == null || record.windowStartMillis != windowStartMillis || !record.table.equals(table)
                    || !record.schema.equals(schema)) {
                bucket = layout.transformedBucket(record.schema, record.table, record.windowStartMillis);
                schema = record.schema;
                table = record.table;
                windowStartMillis = record.windowStartMillis;
            }
            return bucket;
        }
    }
}
