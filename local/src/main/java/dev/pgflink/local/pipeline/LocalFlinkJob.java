package dev.pgflink.local.pipeline;

import dev.pgflink.core.config.JobProperty;
import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.local.services.LocalJobProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job in a MiniCluster of this JVM, with its Web UI, reading the pipeline's stream from
 * the start and writing to its bucket. {@link #close()} cancels it unless it has already ended.
 */
final class LocalFlinkJob implements AutoCloseable {
    private final JobClient job;
    private final PrintStream out;

    private LocalFlinkJob(JobClient job, PrintStream out) {
        this.job = job;
        this.out = out;
    }

    static LocalFlinkJob start(PipelineServices services, PipelineOptions options, PrintStream out) throws Exception {
        JobConfig config = JobConfig.from(LocalJobProperties.against(services.kinesis(), PipelineOptions.STREAM,
                        services.s3(), PipelineOptions.BUCKET)
                .set(JobProperty.WINDOW_SIZE_MS, options.window().toMillis())
                .set(JobProperty.CHECKPOINT_INTERVAL_MS, options.checkpointInterval().toMillis())
                .set(JobProperty.WEB_UI_PORT, options.webUiPort())
                .set(JobProperty.COMPRESSION, options.compression().id())
                .toMap());
        StreamExecutionEnvironment env = LocalEnvironment.create(config);
        StreamingJob.build(env, config);
        return new LocalFlinkJob(env.executeAsync("pgflink local pipeline"), out);
    }

    /** The job's status, or null when the cluster does not answer within 10 s. */
    JobStatus status() {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** Why the job has ended by itself, or null while it runs. */
    String failure() {
        JobStatus status = status();
        return status != null && status.isGloballyTerminalState() ? "the Flink job stopped: " + status : null;
    }

    /**
     * Stops the job with a final savepoint under {@code savepoints} and {@code --drain}: event time
     * jumps to the end, so every open window is closed and its manifest written before the last
     * files commit. Cancels it when that fails.
     */
    void drain(Path savepoints) throws Exception {
        try {
            String savepoint = job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
            out.println("Flink job drained, savepoint " + savepoint);
        } catch (Exception e) {
            out.println("the Flink job could not be drained (" + e.getMessage() + "); cancelling it: the last "
                    + "windows keep their records but get no manifest");
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            JobStatus status = status();
            if (status != null && !status.isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            out.println("could not cancel the Flink job: " + e);
        }
    }

    @Override
    public String toString() {
        return "the Flink job " + job.getJobID();
    }
}
