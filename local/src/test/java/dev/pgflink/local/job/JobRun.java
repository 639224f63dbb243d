package dev.pgflink.local.job;

import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job running in a MiniCluster inside the test JVM, as the local runner starts it. */
final class JobRun implements AutoCloseable {
    private final JobClient client;

    private JobRun(JobClient client) {
        this.client = client;
    }

    /** Starts the job as {@code StreamingJob.main} does locally: a MiniCluster with the Web UI. */
    static JobRun start(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = LocalEnvironment.create(config);
        StreamingJob.build(env, config);
        return new JobRun(env.executeAsync("pgflink end-to-end test"));
    }

    JobStatus status() throws Exception {
        return client.getJobStatus().get();
    }

    /** Waits for a condition on the outputs while the job runs; fails if the job stops. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        await(what, timeout, condition, this::status);
    }

    @Override
    public void close() throws Exception {
        cancelUnlessEnded(this::status, () -> client.cancel().get());
    }

    /** Waits for a condition while a job runs, its status read from {@code status}; fails if the job stops. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Callable<JobStatus> status)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            JobStatus now = status.call();
            if (now.isGloballyTerminalState()) {
                throw new AssertionError("the job stopped (" + now + ") before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** Cancels a job (and waits for the cancellation to be acknowledged) unless it has ended. */
    static void cancelUnlessEnded(Callable<JobStatus> status, Callable<?> cancel) throws Exception {
        if (!status.call().isGloballyTerminalState()) {
            cancel.call();
        }
    }
}
