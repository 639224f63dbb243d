package dev.pgflink.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** The parity command: compares the Flink and Firehose outputs and exits 0 only when they are equal. */
@Command(name = "parity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the Flink path's output with the Firehose path's output, record by record.",
                "Exit code: 0 equal, 1 different, 2 could not compare."})
public final class ParityMain implements Callable<Integer> {
    @Option(names = "--flink", required = true, paramLabel = "s3://BUCKET/ROOT",
            description = "Root of the Flink outputs (transformed/, control/, errors/ below it).")
    String flink;

    @Option(names = "--firehose", required = true, paramLabel = "s3://BUCKET/ROOT",
            description = "Root of the Firehose outputs (transformed/, errors/processing-failed/ below it).")
    String firehose;

    @Mixin
    S3Options s3Options;

    @Option(names = "--report", defaultValue = "parity-report.json", description = "JSON report file (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--primary-key", paramLabel = "SCHEMA.TABLE=COL[,COL]",
            description = "Primary-key columns of a table, added to each change's identity (repeatable).")
    Map<String, String> primaryKeys = new LinkedHashMap<>();

    @Option(names = "--allow-firehose-duplicates",
            description = "Do not fail on Firehose duplicates (Firehose delivers at least once).")
    boolean allowFirehoseDuplicates;

    @Option(names = "--examples", defaultValue = "10", description = "Examples kept per kind of difference (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--work-dir", description = "Where records are spilled while comparing (default: the temp directory).")
    Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: a failure prints one line and exits 2. */
    public static CommandLine commandLine() {
        return CommandLines.withOneLineErrors("parity", new ParityMain());
    }

    @Override
    public Integer call() throws Exception {
        S3Location flinkLocation = S3Location.parse(flink);
        S3Location firehoseLocation = S3Location.parse(firehose);
        try (S3Client s3 = s3Options.client()) {
            ParityReport result = compare(s3, flinkLocation, firehoseLocation, comparer());
            System.out.print(result.summary());
            Files.write(report, result.toJsonBytes());
            System.out.println("  report: " + report.toAbsolutePath());
            return result.equal() ? 0 : 1;
        }
    }

    /** Compares two locations with a client the caller owns (the local pipeline uses this). */
    public static ParityReport compare(S3Client s3, S3Location flink, S3Location firehose, ParityComparer comparer)
            throws java.io.IOException {
        long[] objects = {0};
        long started = System.nanoTime();
        long[] lastReport = {started};
        Runnable progress = () -> {
            objects[0]++;
            long now = System.nanoTime();
            if (now - lastReport[0] > 5_000_000_000L) {
                lastReport[0] = now;
                System.err.printf("parity: %,d objects read (%ds)%n", objects[0], (now - started) / 1_000_000_000L);
            }
        };
        return comparer.compare(S3PathOutput.flink(s3, flink, progress), S3PathOutput.firehose(s3, firehose, progress));
    }

    private ParityComparer comparer() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        primaryKeys.forEach((table, columns) -> keys.put(table, Arrays.asList(columns.split(","))));
        return new ParityComparer(keys, workDirectory, ParityComparer.DEFAULT_PARTITIONS, examples,
                allowFirehoseDuplicates, System.err::println);
    }
}
