package dev.pgflink.local.job;

import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job in a MiniCluster of one task manager with two slots (or as many as the job's
 * parallelism), whose task manager a test can kill and replace (a failover: the job restores from
 * its last checkpoint).
 */
final class MiniClusterJob implements AutoCloseable {
    private final MiniCluster cluster;
    private final JobID job;
    private int taskManager;

    private MiniClusterJob(MiniCluster cluster, JobID job) {
        this.cluster = cluster;
        this.job = job;
    }

    static MiniClusterJob submit(JobConfig config) throws Exception {
        Configuration flink = LocalEnvironment.flinkConfiguration(config);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(flink)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(Math.max(2, config.parallelism())).build());
        try {
            cluster.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
            LocalEnvironment.configure(env, config);
            StreamingJob.build(env, config);
            return new MiniClusterJob(cluster, cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Kills the task manager the job runs on and starts a new one. */
    void killTaskManager() throws Exception {
        cluster.terminateTaskManager(taskManager++).get();
        cluster.startTaskManager();
    }

    /** Waits up to three minutes for a condition while the job runs; fails if the job ends. */
    void await(String what, BooleanSupplier condition) throws Exception {
        JobRun.await(what, Duration.ofSeconds(180), condition, this::status);
    }

    private JobStatus status() throws Exception {
        return cluster.getJobStatus(job).get();
    }

    @Override
    public void close() throws Exception {
        try {
            JobRun.cancelUnlessEnded(this::status, () -> cluster.cancelJob(job).get());
        } finally {
            cluster.close();
        }
    }
}
