package dev.pgflink.local.pipeline;

import dev.pgflink.core.layout.Compression;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the local pipeline runs with; {@link LocalPipelineMain} fills it from the command line.
 *
 * @param dataDirectory the S3 emulator's files (one directory per bucket) and the logs
 * @param keepData keep the outputs of earlier runs instead of wiping the bucket at start
 * @param postgresUrl an existing PostgreSQL (JDBC URL) instead of the embedded one, or null
 * @param changesPerSecond the load generator's rate
 * @param maxChanges stop generating after this many changes (0: until stopped)
 * @param ddlAfter add a column after this many changes (0: never)
 * @param duration stop the pipeline after this long (null: until Ctrl-C, or until maxChanges are through)
 * @param window the Flink job's event-time window
 * @param checkpointInterval the Flink job's checkpoint interval (files commit at checkpoints)
 * @param firehoseBufferBytes the local Firehose's size hint
 * @param firehoseBufferInterval the local Firehose's interval hint
 * @param webUiPort the Flink Web UI port
 * @param shards Kinesis shards
 * @param progressInterval how often the progress line is printed
 * @param compression how both paths write their record files (the job's {@code Output.compression}, Firehose's
 *        {@code CompressionFormat})
 */
public record PipelineOptions(Path dataDirectory, boolean keepData, String postgresUrl, String postgresUser,
        String postgresPassword, double changesPerSecond, long maxChanges, long ddlAfter, Duration duration,
        Duration window, Duration checkpointInterval, long firehoseBufferBytes, Duration firehoseBufferInterval,
        int webUiPort, int shards, Duration progressInterval, Compression compression) {
    public static final String BUCKET = "pgflink-local";
    public static final String STREAM = "cdc-orders";
    public static final String DELIVERY_STREAM = "cdc-orders-parity";
    public static final String SLOT = "pgflink_local";

    public PipelineOptions {
        java.util.Objects.requireNonNull(compression, "compression");
        if (changesPerSecond <= 0) {
            throw new IllegalArgumentException("--rate must be above 0");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1");
        }
        if (window.toMillis() < 1 || checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--window must be at least 1 ms and --checkpoint-interval at least 10 ms");
        }
    }
}
