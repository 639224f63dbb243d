package dev.pgflink.local.pipeline;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.local.firehose.CompressionConverter;
import dev.pgflink.parity.ParityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code ./local-pipeline}: the whole pipeline on this machine until Ctrl-C or {@code --duration}, then
 * parity and the state check of each path.
 */
@Command(name = "local-pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs PostgreSQL -> capture -> Kinesis -> Flink job and local Firehose -> S3 on this machine,",
                "changes orders at a steady rate, and compares the two paths when it stops (Ctrl-C or --duration),",
                "then each path's tables, rebuilt from its output, with PostgreSQL's rows.",
                "Exit code: 0 when the paths are equal and both rebuild PostgreSQL's tables (or that check is skipped),",
                "1 when something differs, 2 when the pipeline could not run."})
public final class LocalPipelineMain implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "pgflink-data",
            description = "Where the S3 files, logs and parity report go (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--keep-data", description = "Keep the outputs of earlier runs (default: wipe the bucket at start).")
    boolean keepData;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = "Use this PostgreSQL (wal_level=logical) instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/postgres.")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "${env:PGPASSWORD:-postgres}",
            description = "Default: $PGPASSWORD, else postgres.")
    String postgresPassword;

    @Option(names = "--rate", defaultValue = "5", description = "Order changes per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--changes", defaultValue = "0", description = "Stop after this many changes (default: no limit).")
    long changes;

    @Option(names = "--ddl-after", defaultValue = "0", description = "Add a column after this many changes (default: never).")
    long ddlAfter;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s, 5m (default: until Ctrl-C, or until --changes are through).")
    Duration duration;

    @Option(names = "--window", defaultValue = "10s", converter = DurationConverter.class,
            description = "Flink event-time window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--checkpoint-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Flink checkpoints; files commit at each (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--firehose-buffer-bytes", defaultValue = "1048576",
            description = "Local Firehose size hint (default: ${DEFAULT-VALUE}).")
    long firehoseBufferBytes;

    @Option(names = "--firehose-buffer-interval", defaultValue = "60s", converter = DurationConverter.class,
            description = "Local Firehose interval hint, 0s and up (default: ${DEFAULT-VALUE}, as Firehose).")
    Duration firehoseBufferInterval;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "Flink Web UI port (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(names = "--shards", defaultValue = "2", description = "Kinesis shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--progress-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "Progress line interval (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @Option(names = "--compression", defaultValue = "none", converter = CompressionConverter.class,
            description = "How both paths write their record files: none or gzip (default: ${DEFAULT-VALUE}).")
    Compression compression;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LocalPipelineMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("local-pipeline: " + e.getMessage());
            cmd.getErr().println("  (details in the log under " + ((LocalPipelineMain) cmd.getCommand()).dataDirectory
                    .resolve("logs") + ")");
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Flink and the services log to a file; the terminal shows the progress line.
        Path logs = Files.createDirectories(dataDirectory.resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("pipeline.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("pgflink.services.logDir", logs.toString());
        PipelineOptions options = new PipelineOptions(dataDirectory.toAbsolutePath(), keepData, postgresUrl, postgresUser,
                postgresPassword, rate, changes, ddlAfter, duration, window, checkpointInterval, firehoseBufferBytes,
                firehoseBufferInterval, webUiPort, shards, progressInterval, compression);
        // Caught from here on: a Ctrl-C during start-up stops in order right after it.
        CountDownLatch stopRequested = new CountDownLatch(1);
        onInterrupt(stopRequested);
        System.out.println("starting the local pipeline (logs: " + logs.resolve("pipeline.log") + ")");
        LocalPipeline pipeline = LocalPipeline.start(options, System.out);
        System.out.println("running: Ctrl-C stops it and compares the two paths");
        String failure = run(pipeline, options, stopRequested);
        if (failure != null) {
            System.out.println("failed: " + failure);
        }
        ParityReport report = pipeline.stop();
        if (failure != null) {
            return 2;
        }
        boolean statesPassed = pipeline.states().stream().allMatch(PipelineState.Outcome::passed);
        return report.equal() && statesPassed ? 0 : 1;
    }

    /**
     * Ctrl-C (and SIGTERM) ask for the orderly stop instead of ending the JVM at once: a JVM
     * shutdown would run Flink's and the services' own hooks while both paths are still being
     * drained. A second Ctrl-C ends at once.
     */
    @SuppressWarnings("sunapi")
    private static void onInterrupt(CountDownLatch stopRequested) {
        sun.misc.SignalHandler handler = signal -> {
            if (stopRequested.getCount() == 0) {
                System.out.println("stopping at once (second " + signal.getName() + "): nothing is compared");
                Runtime.getRuntime().halt(130);
            }
            System.out.println("\n" + signal.getName() + ": stopping in order (Ctrl-C again to stop at once)");
            stopRequested.countDown();
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    }

    /** Prints progress until asked to stop; returns why it stopped early, or null. */
    private static String run(LocalPipeline pipeline, PipelineOptions options, CountDownLatch stopRequested)
            throws InterruptedException {
        long deadline = options.duration() == null ? Long.MAX_VALUE : System.nanoTime() + options.duration().toNanos();
        while (!stopRequested.await(options.progressInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            System.out.println(pipeline.progressLine());
            String failure = pipeline.failure();
            if (failure != null) {
                return failure;
            }
            if (System.nanoTime() >= deadline || pipeline.generator().finished()) {
                return null;
            }
        }
        return null;
    }

    /**
     * Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}).
     * Written here because picocli's built-in converter takes only the ISO-8601 form.
     */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(value);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(v);
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 30s, 5m, 1h");
            }
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    return Duration.ofHours(n);
            }
        }
    }
}
