package dev.pgflink.job;

import dev.pgflink.job.config.JobConfig;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
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
    // Flink's S3 file system settings (flink-s3-fs-hadoop reads them from Flink's configuration):
    // Flink keys that the job's Local.s3.* properties feed, not the job's own property names.
    private static final ConfigOption<String> S3_ENDPOINT = flinkS3("s3.endpoint");
    private static final ConfigOption<String> S3_PATH_STYLE_ACCESS = flinkS3("s3.path.style.access");
    private static final ConfigOption<String> S3_ACCESS_KEY = flinkS3("s3.access-key");
    private static final ConfigOption<String> S3_SECRET_KEY = flinkS3("s3.secret-key");

    private LocalEnvironment() {
    }

    private static ConfigOption<String> flinkS3(String key) {
        return ConfigOptions.key(key).stringType().noDefaultValue();
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
            conf.set(S3_ENDPOINT, config.s3Endpoint());
            // With a loopback endpoint, virtual-host style would resolve bucket.127.0.0.1.
            conf.set(S3_PATH_STYLE_ACCESS, "true");
        }
        if (config.s3AccessKey() != null) {
            conf.set(S3_ACCESS_KEY, config.s3AccessKey());
            conf.set(S3_SECRET_KEY, config.s3SecretKey());
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
