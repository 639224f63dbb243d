package dev.pgflink.job;

import dev.pgflink.job.config.JobConfig;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A MiniCluster with the Flink Web UI, configured as Managed Flink would be: checkpoints on
 * (exactly-once), restarts on failure, and S3 through an endpoint of the user's choice.
 */
public final class LocalEnvironment {
    private LocalEnvironment() {
    }

    public static StreamExecutionEnvironment create(JobConfig config) {
        Configuration conf = flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        configure(env, config);
        return env;
    }

    /** The S3 settings and Web UI port; also initializes Flink's file systems with them. */
    public static Configuration flinkConfiguration(JobConfig config) {
        // The Kinesis connector bundles AWS SDK v1, which prints a page-long notice with a stack trace.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, config.webUiPort());
        conf.setString(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.setString(RestOptions.ADDRESS, "127.0.0.1");
        if (config.s3Endpoint() != null) {
            conf.setString("s3.endpoint", config.s3Endpoint());
            // With a loopback endpoint, virtual-host style would resolve bucket.127.0.0.1.
            conf.setString("s3.path.style.access", "true");
        }
        if (config.s3AccessKey() != null) {
            conf.setString("s3.access-key", config.s3AccessKey());
            conf.setString("s3.secret-key", config.s3SecretKey());
        }
        // S3A reads these only through FileSystem.initialize, before the environment exists.
        FileSystem.initialize(conf, null);
        return conf;
    }

    /** Checkpointing, parallelism and restarts as a managed deployment has them. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointIntervalMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(Math.min(500, config.checkpointIntervalMillis()));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(Integer.MAX_VALUE, Time.seconds(1)));
    }
}
