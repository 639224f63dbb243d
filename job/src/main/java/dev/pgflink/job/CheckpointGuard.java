package dev.pgflink.job;

import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job commits its files only when a checkpoint completes, so without checkpointing it runs and
 * writes nothing. A cluster whose configuration sets no {@code execution.checkpointing.interval}
 * gets Managed Flink's default instead, with a warning, rather than a job that is silently useless.
 */
final class CheckpointGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointGuard.class);
    /** Managed Flink's default checkpoint interval. */
    static final long DEFAULT_INTERVAL_MILLIS = 60_000;

    private CheckpointGuard() {
    }

    static void ensureCheckpointing(StreamExecutionEnvironment env) {
        if (env.getCheckpointConfig().isCheckpointingEnabled()) {
            return;
        }
        LOG.warn("checkpointing is off in this cluster's configuration (execution.checkpointing.interval): the job "
                + "commits its S3 files only at checkpoints, so it turns exactly-once checkpoints on every {} ms",
                DEFAULT_INTERVAL_MILLIS);
        env.enableCheckpointing(DEFAULT_INTERVAL_MILLIS, CheckpointingMode.EXACTLY_ONCE);
    }
}
