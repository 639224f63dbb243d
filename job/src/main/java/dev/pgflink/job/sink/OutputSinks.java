package dev.pgflink.job.sink;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.source.KinesisRecord;
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
    private static final OutputFileConfig PARTS = OutputFileConfig.builder()
            .withPartPrefix(S3Layout.PART_PREFIX).withPartSuffix(S3Layout.PART_SUFFIX).build();
    /** Late records go into their window's directory under a name that says so. */
    private static final OutputFileConfig LATE_PARTS = OutputFileConfig.builder()
            .withPartPrefix("late-" + S3Layout.PART_PREFIX).withPartSuffix(S3Layout.PART_SUFFIX).build();
    private static final OutputFileConfig MANIFESTS = OutputFileConfig.builder()
            .withPartPrefix(S3Layout.MANIFEST_PREFIX).withPartSuffix(S3Layout.MANIFEST_SUFFIX).build();

    private final String basePath;
    private final S3Layout layout;

    public OutputSinks(JobConfig config) {
        this.basePath = config.basePath();
        this.layout = S3Layout.defaults().withFlinkRoot(config.flinkRoot());
    }

    public S3Layout layout() {
        return layout;
    }

    /** Every Kinesis record, byte-exact, by arrival hour. */
    public FileSink<KinesisRecord> raw() {
        return sink(FlinkOutput.RAW, OutputLines::raw, new Buckets<>(r -> layout.rawBucket(r.approximateArrivalMillis)),
                PARTS);
    }

    /** Flat records per table and event-time window. */
    public FileSink<FlatRecord> transformed() {
        return sink(FlinkOutput.TRANSFORMED, OutputLines::flat, windowBuckets(), PARTS);
    }

    /** Records that came after their window closed: same directories, {@code late-part-…} files. */
    public FileSink<FlatRecord> late() {
        return sink(FlinkOutput.TRANSFORMED, OutputLines::flat, windowBuckets(), LATE_PARTS);
    }

    /** One manifest per completed table window, next to its files. */
    public FileSink<WindowManifest> manifests() {
        return sink(FlinkOutput.TRANSFORMED, OutputLines::manifest,
                new Buckets<>(m -> layout.transformedBucket(m.schema, m.table, m.windowStartMillis)), MANIFESTS);
    }

    /** Control (DDL) lines per table and day. */
    public FileSink<FlatRecord> control() {
        return sink(FlinkOutput.CONTROL, OutputLines::flat,
                new Buckets<>(r -> layout.controlBucket(r.schema, r.table, r.eventTimeMillis)), PARTS);
    }

    /** Rejected records with their reason and original bytes, by arrival hour. */
    public FileSink<RejectedRecord> errors() {
        return sink(FlinkOutput.ERRORS, OutputLines::error,
                new Buckets<>(r -> layout.errorsBucket(r.record.approximateArrivalMillis)), PARTS);
    }

    private Buckets<FlatRecord> windowBuckets() {
        return new Buckets<>(r -> layout.transformedBucket(r.schema, r.table, r.windowStartMillis));
    }

    private <T> FileSink<T> sink(FlinkOutput output, Encoder<T> encoder, BucketAssigner<T, String> buckets,
            OutputFileConfig files) {
        String prefix = layout.prefix(output);
        return FileSink.forRowFormat(new Path(basePath + "/" + prefix.substring(0, prefix.length() - 1)), encoder)
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(files)
                .build();
    }

    /** A bucket (directory under the output's prefix) computed from the element. */
    interface BucketOf<T> extends java.io.Serializable {
        String bucket(T element);
    }

    private static final class Buckets<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private final BucketOf<T> bucketOf;

        Buckets(BucketOf<T> bucketOf) {
            this.bucketOf = bucketOf;
        }

        @Override
        public String getBucketId(T element, Context context) {
            return bucketOf.bucket(element);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
