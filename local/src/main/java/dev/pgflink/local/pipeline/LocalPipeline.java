package dev.pgflink.local.pipeline;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.config.JobProperties;
import dev.pgflink.local.firehose.FirehoseSettings;
import dev.pgflink.local.firehose.LocalFirehose;
import dev.pgflink.local.services.ExternalPostgres;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalPostgres;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.local.services.PostgresService;
import dev.pgflink.parity.ParityComparer;
import dev.pgflink.parity.ParityMain;
import dev.pgflink.parity.ParityReport;
import dev.pgflink.parity.S3Location;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole pipeline on this machine: PostgreSQL (embedded, or the user's) → the capture →
 * Kinesis (kinesalite) → the Flink job (MiniCluster, Web UI) and the local Firehose with the
 * Lambda handler → S3 (S3Proxy on a directory) → parity.
 *
 * <p>{@link #start} brings everything up in dependency order; {@link #stop} takes it down in the
 * order that loses nothing: generator, capture (once everything committed is on the stream), both
 * paths (once each has written every record), parity, services.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineOptions options;
    private final PrintStream out;
    private final List<AutoCloseable> services = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private PostgresService postgres;
    private KinesisService kinesis;
    private LocalS3 s3;
    private KinesisClient kinesisClient;
    private S3Client s3Client;
    private CaptureThread capture;
    private JobClient job;
    private LocalFirehose firehose;
    private LoadGenerator generator;
    private Connection generatorConnection;
    private long sampleRows;
    private volatile long injectedRecords;
    private PipelineOutputs outputs;
    private ParityReport parity;
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
            pipeline.closeServices();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Loopback.requireFree(options.webUiPort(), "the Flink Web UI (--web-ui-port)");
        requireNode();
        startStorage();
        startPostgres();
        kinesis = track(Kinesalite.start());
        kinesisClient = track(kinesis.newClient());
        kinesis.createStream(kinesisClient, PipelineOptions.STREAM, options.shards());
        out.printf("services: PostgreSQL %s, Kinesis %s, S3 %s (files in %s)%n", postgres.jdbcUrl(), kinesis.endpoint(),
                s3.endpoint(), s3.directory());
        startCapture();
        startJob();
        firehose = track(LocalFirehose.start(kinesisClient, s3Client,
                FirehoseSettings.defaults(PipelineOptions.DELIVERY_STREAM, PipelineOptions.STREAM, PipelineOptions.BUCKET)
                        .withBuffering(options.firehoseBufferBytes(), options.firehoseBufferInterval())));
        outputs = track(new PipelineOutputs(s3Client, PipelineOptions.BUCKET, S3Layout.defaults(), options.keepData()));
        outputs.startScanning();
        startLoad();
        out.printf("Flink Web UI: http://%s:%d%n", Loopback.HOST, options.webUiPort());
    }

    private static void requireNode() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("`node --version` failed: the Kinesis emulator needs Node.js 18 or newer");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Node.js is not on the PATH: the Kinesis emulator (kinesalite, from npm) "
                    + "needs it. Install Node.js 18+ (https://nodejs.org or your package manager) and run again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void startStorage() throws IOException {
        Path s3Directory = options.dataDirectory().resolve("s3");
        Path bucket = s3Directory.resolve(PipelineOptions.BUCKET);
        if (!options.keepData() && Files.exists(bucket)) {
            try (Stream<Path> files = Files.walk(bucket)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(s3Directory);
        s3 = track(LocalS3.startOnDirectory(s3Directory));
        s3Client = track(s3.newClient());
        if (!Files.isDirectory(bucket)) {
            s3.createBucket(s3Client, PipelineOptions.BUCKET);
        }
    }

    private void startPostgres() throws SQLException {
        postgres = options.postgresUrl() == null ? track(LocalPostgres.start())
                : ExternalPostgres.of(options.postgresUrl(), options.postgresUser(), options.postgresPassword());
        try (Connection sql = postgres.connect()) {
            SampleOrders.createTable(sql, SampleOrders.SCHEMA);
        }
    }

    private void startCapture() throws Exception {
        DmsSettings dms = DmsSettings.defaults().withTransactionDetails(true).withTableAlterOperations(true, true);
        capture = new CaptureThread(new CaptureOptions(postgres.jdbcUrl(), postgres.user(), postgres.password(),
                PipelineOptions.SLOT, PipelineOptions.SLOT, PipelineOptions.STREAM, KinesisService.REGION.id(),
                kinesis.endpoint(), KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY,
                new TableSelection(List.of(SampleOrders.SCHEMA + ".orders"), List.of()), false, dms,
                Duration.ofMillis(50), Duration.ofDays(1)));
        capture.startAndAwaitSlot(postgres, Duration.ofSeconds(60));
    }

    private void startJob() throws Exception {
        JobConfig config = JobConfig.from(JobProperties.of(
                "KinesisSource.stream.names", PipelineOptions.STREAM,
                "KinesisSource.endpoint", kinesis.endpoint().toString(),
                "KinesisSource.access.key", KinesisService.ACCESS_KEY,
                "KinesisSource.secret.key", KinesisService.SECRET_KEY,
                "KinesisSource.initial.position", "TRIM_HORIZON",
                "Output.base.path", "s3://" + PipelineOptions.BUCKET,
                "Transform.window.size.ms", Long.toString(options.window().toMillis()),
                "Local.checkpoint.interval.ms", Long.toString(options.checkpointInterval().toMillis()),
                "Local.web.ui.port", Integer.toString(options.webUiPort()),
                "Local.s3.endpoint", s3.endpoint().toString(),
                "Local.s3.access.key", s3.accessKey(),
                "Local.s3.secret.key", s3.secretKey()));
        StreamExecutionEnvironment env = LocalEnvironment.create(config);
        StreamingJob.build(env, config);
        job = env.executeAsync("pgflink local pipeline");
    }

    private void startLoad() throws SQLException {
        try (Connection sql = postgres.connect()) {
            sampleRows = SampleOrders.insertNine(sql, SampleOrders.SCHEMA + ".orders");
        }
        generatorConnection = track(postgres.connect());
        generator = new LoadGenerator(generatorConnection, SampleOrders.SCHEMA + ".orders", options.changesPerSecond(),
                options.maxChanges(), options.ddlAfter(), 42).start();
    }

    /** Puts records straight on the stream, as another producer would (tests put malformed ones). */
    public void putRecords(List<byte[]> records) {
        for (int from = 0; from < records.size(); from += 500) {
            List<PutRecordsRequestEntry> batch = records.subList(from, Math.min(records.size(), from + 500)).stream()
                    .map(bytes -> PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(bytes))
                            .partitionKey("injected").build())
                    .collect(Collectors.toList());
            PutRecordsResponse response = kinesisClient.putRecords(r -> r.streamName(PipelineOptions.STREAM).records(batch));
            if (response.failedRecordCount() > 0) {
                throw new IllegalStateException(response.failedRecordCount() + " records were not accepted by Kinesis");
            }
            injectedRecords += batch.size();
        }
    }

    /** Rows the database committed that the capture must deliver: sample, generated, DDL. */
    public long changesCommitted() {
        return sampleRows + generator.changes() + generator.ddlStatements();
    }

    /** Records on the stream: what the capture put, and what was put straight on it. */
    public long recordsOnStream() {
        return capture.recordsPut() + injectedRecords;
    }

    /** Reads new output objects; call before reading counts. */
    private void scanOutputs() {
        outputs.scan();
    }

    public Latencies flinkLatency() {
        return outputs.flinkLatency;
    }

    public Latencies firehoseLatency() {
        return outputs.firehoseLatency;
    }

    public LoadGenerator generator() {
        return generator;
    }

    /** Stops with a failure message if a part of the pipeline has died; null while all run. */
    public String failure() {
        try {
            kinesis.checkRunning();
        } catch (IllegalStateException e) {
            return "the Kinesis emulator stopped: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (capture.failure() != null) {
            return "the capture stopped: " + capture.failure().getMessage();
        }
        if (generator != null && generator.failure() != null) {
            return "the load generator stopped: " + generator.failure().getMessage();
        }
        if (firehose != null && firehose.failure() != null) {
            return "the local Firehose stopped: " + firehose.failure().getMessage();
        }
        JobStatus status = jobStatus();
        if (status != null && status.isGloballyTerminalState()) {
            return "the Flink job stopped: " + status;
        }
        return null;
    }

    private JobStatus jobStatus() {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** The progress line. */
    public String progressLine() {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        return String.format("[%02d:%02d] changes %,d | captured %,d | kinesis %,d | %s", seconds / 60, seconds % 60,
                changesCommitted(), capture.changesCaptured(), recordsOnStream(), outputs.progress());
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
            generator.close();
            out.println("stopping: capture (after every committed change is on the stream)");
            awaitCondition("the capture to put every committed change on the stream", DRAIN_TIMEOUT,
                    () -> capture.changesCaptured() >= changesCommitted() && capture.recordsPut() >= changesCommitted());
            capture.close();
            long onStream = recordsOnStream();
            out.printf("stopping: Flink job and local Firehose (after each has written all %,d records)%n", onStream);
            awaitCondition("the Flink job to write every record", DRAIN_TIMEOUT, () -> {
                scanOutputs();
                return outputs.flinkRaw.records() >= onStream && outputs.flinkRecordsOut() >= onStream;
            });
            firehose.close();
            drainJob();
            scanOutputs();
            out.println(progressLine());
            parity = compare();
            return parity;
        } finally {
            closeServices();
        }
    }

    /**
     * Stops the job with a final savepoint and {@code --drain}: event time jumps to the end, so
     * every open window is closed and its manifest written before the last files commit.
     */
    private void drainJob() throws Exception {
        Path savepoints = options.dataDirectory().resolve("savepoints");
        try {
            String savepoint = job.stopWithSavepoint(true, savepoints.toUri().toString(),
                    org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
            out.println("Flink job drained, savepoint " + savepoint);
        } catch (Exception e) {
            out.println("the Flink job could not be drained (" + e.getMessage() + "); cancelling it: the last "
                    + "windows keep their records but get no manifest");
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private ParityReport compare() throws IOException {
        Path report = options.dataDirectory().resolve("parity-report.json");
        ParityComparer comparer = new ParityComparer(Map.of(SampleOrders.SCHEMA + ".orders", List.of("id")),
                options.dataDirectory(), ParityComparer.DEFAULT_PARTITIONS, 10, false, line -> { });
        ParityReport result = ParityMain.compare(s3Client, new S3Location(PipelineOptions.BUCKET, "flink"),
                new S3Location(PipelineOptions.BUCKET, "firehose"), comparer);
        Files.write(report, result.toJsonBytes());
        out.print(result.summary());
        out.println("  report: " + report.toAbsolutePath());
        return result;
    }

    private void awaitCondition(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            String failed = stopped || job == null ? null : failure();
            if (failed != null && !failed.startsWith("the load generator")) {
                throw new IllegalStateException("waiting for " + what + ": " + failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private <T extends AutoCloseable> T track(T service) {
        services.add(service);
        return service;
    }

    private void closeServices() {
        if (generator != null) {
            try {
                generator.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (capture != null) {
            try {
                capture.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (job != null) {
            try {
                JobStatus status = jobStatus();
                if (status != null && !status.isGloballyTerminalState()) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                out.println("could not cancel the Flink job: " + e);
            }
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                out.println("closing " + services.get(i) + ": " + e);
            }
        }
        services.clear();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
