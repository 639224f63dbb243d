package dev.pgflink.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a running local pipeline's workload, failing as soon as the pipeline does. */
final class PipelineWaits {
    private PipelineWaits() {
    }

    /** Until the generator has made {@code changes} changes, for up to two minutes. */
    static void awaitChanges(LocalPipeline pipeline, long changes) throws InterruptedException {
        await(pipeline, Duration.ofSeconds(120), "waiting for " + changes + " changes",
                () -> pipeline.generator().changes() >= changes);
    }

    /** Until the generator has committed its whole workload, for up to three minutes. */
    static void awaitFinished(LocalPipeline pipeline) throws InterruptedException {
        await(pipeline, Duration.ofSeconds(180), "waiting for the workload", () -> pipeline.generator().finished());
    }

    private static void await(LocalPipeline pipeline, Duration timeout, String what, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(pipeline.failure()).isNull();
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
