package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.time.Duration;
import java.util.Objects;

/**
 * A local Firehose delivery stream's settings, named as in Firehose's API.
 *
 * @param deliveryStream the name in object keys, as Firehose writes it
 * @param sourceStream the Kinesis stream it reads
 * @param bucket the S3 bucket it writes to
 * @param layout where its outputs live ({@code firehose/…})
 * @param bufferBytes S3 buffering hint: deliver when this many source bytes are buffered (1 MiB)
 * @param bufferInterval S3 buffering hint: deliver when the oldest buffered record is this old (60 s; 0 delivers after each read)
 * @param processorBytes the Lambda processor's buffer: the most source bytes per invocation (1 MiB)
 * @param compression {@code CompressionFormat}: every object it writes (UNCOMPRESSED)
 */
public record FirehoseSettings(String deliveryStream, String sourceStream, String bucket, S3Layout layout,
        long bufferBytes, Duration bufferInterval, long processorBytes, Compression compression) {
    public static final long DEFAULT_BUFFER_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_BUFFER_INTERVAL = Duration.ofSeconds(60);
    public static final long DEFAULT_PROCESSOR_BYTES = 1024 * 1024;
    /** Firehose's largest Lambda processor buffer: with more, the 6 MB response limit can be hit. */
    public static final long MAX_PROCESSOR_BYTES = 3 * 1024 * 1024;

    public FirehoseSettings {
        Objects.requireNonNull(deliveryStream, "deliveryStream");
        Objects.requireNonNull(sourceStream, "sourceStream");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(compression, "compression");
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be at least 1, was " + bufferBytes);
        }
        if (bufferInterval.isNegative()) {
            throw new IllegalArgumentException("bufferInterval must be 0 s or more, was " + bufferInterval);
        }
        if (processorBytes < 1 || processorBytes > MAX_PROCESSOR_BYTES) {
            throw new IllegalArgumentException("processorBytes must be within 1.." + MAX_PROCESSOR_BYTES + ", was " + processorBytes);
        }
    }

    /** Firehose's defaults: 1 MiB / 60 s. */
    public static FirehoseSettings defaults(String deliveryStream, String sourceStream, String bucket) {
        return new FirehoseSettings(deliveryStream, sourceStream, bucket, S3Layout.defaults(), DEFAULT_BUFFER_BYTES,
                DEFAULT_BUFFER_INTERVAL, DEFAULT_PROCESSOR_BYTES, Compression.NONE);
    }

    public FirehoseSettings withBuffering(long bytes, Duration interval) {
        return new FirehoseSettings(deliveryStream, sourceStream, bucket, layout, bytes, interval, processorBytes, compression);
    }

    public FirehoseSettings withLayout(S3Layout newLayout) {
        return new FirehoseSettings(deliveryStream, sourceStream, bucket, newLayout, bufferBytes, bufferInterval, processorBytes,
                compression);
    }

    public FirehoseSettings withProcessorBytes(long bytes) {
        return new FirehoseSettings(deliveryStream, sourceStream, bucket, layout, bufferBytes, bufferInterval, bytes, compression);
    }

    public FirehoseSettings withCompression(Compression newCompression) {
        return new FirehoseSettings(deliveryStream, sourceStream, bucket, layout, bufferBytes, bufferInterval,
                processorBytes, newCompression);
    }
}
