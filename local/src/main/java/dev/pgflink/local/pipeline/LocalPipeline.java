package dev.pgflink.local.pipeline;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.local.firehose.FirehoseSettings;
import dev.pgflink.local.firehose.LocalFirehose;
import dev.pgflink.local.load.LoadGenerator;
import dev.pgflink.local.load.SampleWorkload;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.local.watch.PipelineOutputs;
import dev.pgflink.parity.ParityReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The whole pipeline on this machine: PostgreSQL (embedded, or the user's) → the capture →
 * Kinesis (kinesalite) → the Flink job (MiniCluster, Web UI) and the local Firehose with the
 * Lambda handler → S3 (S3Proxy on a directory) → parity, and each path's tables against PostgreSQL's.
 *
 * <p>{@link #start} brings everything up in dependency order; {@link #stop} takes it down in the
 * order that loses nothing: generator, capture (once everything committed is on the stream), the
 * local Firehose (once it has read the stream to its end), the Flink job (once it has written as
 * many records), parity, the state check of each path, services.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineOptions options;
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();
    private PipelineServices services;
    private CaptureThread capture;
    private LocalFlinkJob job;
    private LocalFirehose firehose;
    private PipelineOutputs outputs;
    private SampleWorkload workload;
    private ParityReport parity;
    private String stateSkipped;
    private List<PipelineState.Outcome> states = List.of();
    private boolean stopped;

    private LocalPipeline(PipelineOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts every part; on failure stops what was started and rethrows. */
    public static LocalPipeline start(PipelineOptions options, PrintStream out) throws Exception {
        LocalPipeline pipeline = new LocalPipeline(options, out);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.closeAll();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Loopback.requireFree(options.webUiPort(), "the Flink Web UI (--web-ui-port)");
        services = PipelineServices.start(options, out);
        SampleWorkload.createTable(services.postgres());
        long rowsBefore = SampleWorkload.rows(services.postgres());
        long sampleInserted = SampleWorkload.insertSampleOrders(services.postgres());
        out.println("services: " + services);
        capture = CaptureThread.startForPipeline(services);
        // Asked of the capture, not foreseen: it reloads a slot whose full load never finished.
        boolean resumed = !capture.loadedTables();
        stateSkipped = PipelineState.skipReason(options, resumed, rowsBefore);
        long loadedRows = resumed ? sampleInserted : capture.rowsLoaded();
        job = LocalFlinkJob.start(services, options, out);
        firehose = LocalFirehose.start(services.kinesisClient(), services.s3Client(),
                FirehoseSettings.defaults(PipelineOptions.DELIVERY_STREAM, PipelineOptions.STREAM, PipelineOptions.BUCKET)
                        .withBuffering(options.firehoseBufferBytes(), options.firehoseBufferInterval())
                        .withCompression(options.compression()));
        outputs = new PipelineOutputs(services.s3Client(), PipelineOptions.BUCKET, S3Layout.defaults(), options.keepData());
        outputs.startScanning();
        workload = SampleWorkload.start(services.postgres(), loadedRows, options.changesPerSecond(),
                options.maxChanges(), options.ddlAfter());
        out.printf("Flink Web UI: http://%s:%d%n", Loopback.HOST, options.webUiPort());
    }

    /** The services the pipeline runs on: their endpoints let other producers put records on its stream. */
    public PipelineServices services() {
        return services;
    }

    /** What both paths have written so far, and the delays. */
    public PipelineOutputs outputs() {
        return outputs;
    }

    public LoadGenerator generator() {
        return workload.generator();
    }

    /** Stops with a failure message if a part of the pipeline has died; null while all run. */
    public String failure() {
        if (services.kinesisFailure() != null) {
            return services.kinesisFailure();
        }
        if (capture.failure() != null) {
            return "the capture stopped: " + capture.failure().getMessage();
        }
        if (workload != null && workload.generator().failure() != null) {
            return "the load generator stopped: " + workload.generator().failure().getMessage();
        }
        if (firehose != null && firehose.failure() != null) {
            return "the local Firehose stopped: " + firehose.failure().getMessage();
        }
        return job.failure();
    }

    /** The progress line; {@code kinesis} counts the records the capture put on the stream. */
    public String progressLine() {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return String.format("[%02d:%02d] changes %,d | captured %,d | kinesis %,d | %s", seconds / 60, seconds % 60,
                workload.changesCommitted(), capture.changesCaptured(), capture.recordsPut(), outputs.progress());
    }

    /**
     * Stops in the order that loses nothing and compares the two paths. Safe to call twice.
     *
     * @return the parity report
     * @throws IllegalStateException when a part cannot hand over everything within 3 minutes
     *         (the services are stopped all the same)
     */
    public synchronized ParityReport stop() throws Exception {
        if (stopped) {
            return parity;
        }
        stopped = true;
        try {
            out.println("stopping: load generator");
            workload.close();
            out.println("stopping: capture (after every committed change is on the stream)");
            long committed = workload.changesCommitted();
            await("the capture to put every committed change on the stream",
                    () -> capture.changesCaptured() >= committed && capture.recordsPut() >= committed);
            capture.close();
            out.println("stopping: local Firehose (after it has read the stream to its end and written every record)");
            firehose.close();
            // Every producer's records, the capture's and any other's, as the Firehose read them.
            long onStream = Math.max(firehose.metrics().recordsRead(), capture.recordsPut());
            out.printf("stopping: Flink job (after it has written all %,d records)%n", onStream);
            await("the Flink job to write every record", () -> {
                outputs.scan();
                return outputs.flinkRawRecords() >= onStream && outputs.flinkRecordsOut() >= onStream;
            });
            job.drain(options.dataDirectory().resolve("savepoints"));
            outputs.scan();
            out.println(progressLine());
            parity = PipelineParity.compare(services.s3Client(), options.dataDirectory(), out);
            states = PipelineState.check(services.s3Client(), services.postgres(), options.dataDirectory(), stateSkipped, out);
            return parity;
        } finally {
            closeAll();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + DRAIN_TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The state check of each path (after {@link #stop}): PostgreSQL's rows against the ones rebuilt from S3. */
    public List<PipelineState.Outcome> states() {
        return states;
    }

    /** Stops the producers, then the readers, then the services they use; a part stopped already is left as it is. */
    private void closeAll() {
        for (AutoCloseable part : new AutoCloseable[] {workload, capture, job, firehose, outputs, services}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                out.println("closing " + part + ": " + e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
