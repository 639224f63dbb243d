package dev.pgflink.lake;

import dev.pgflink.parity.CommandLines;
import dev.pgflink.parity.PathOutput;
import dev.pgflink.parity.S3Location;
import dev.pgflink.parity.S3Options;
import dev.pgflink.parity.S3PathOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** The state command: rebuilds each table from one path's output and compares it with PostgreSQL. */
@Command(name = "state", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuilds each table's current state from one path's change log (Flink or Firehose output,",
                "in S3 or a local directory) and compares it with PostgreSQL's rows.",
                "Exit code: 0 equal, 1 different, 2 could not compare."})
public final class StateCheckMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "s3://BUCKET/ROOT | DIR",
            description = "Root of one path's outputs (transformed/ below it; for Flink also control/).")
    String output;

    @Option(names = "--path", paramLabel = "flink|firehose",
            description = "Which path wrote the output (default: the root's last name, flink or firehose).")
    PathKind kind;

    @Mixin
    PostgresOptions postgresOptions;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
            description = "A table to compare (repeatable; default: every table in the output).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--primary-key", paramLabel = "SCHEMA.TABLE=COL[,COL]",
            description = "Primary-key columns of a table, over the catalog's (repeatable).")
    Map<String, String> primaryKeys = new LinkedHashMap<>();

    @Option(names = "--include-null-and-empty",
            description = "The output was written with DMS's IncludeNullAndEmpty on: a column left out of an update is unchanged.")
    boolean includeNullAndEmpty;

    @Option(names = "--no-hex-prefix", description = "The output was written with DMS's NoHexPrefix on.")
    boolean noHexPrefix;

    @Mixin
    S3Options s3Options;

    @Option(names = "--memory-limit", defaultValue = "1GB", description = "DuckDB's memory limit (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--threads", defaultValue = "2", description = "DuckDB's threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--examples", defaultValue = "10", description = "Examples kept per table (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--report", defaultValue = "state-report.json", description = "JSON report file (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--work-dir", description = "Where DuckDB keeps its database and spills (default: the temp directory).")
    Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: a failure prints one line and exits 2. */
    public static CommandLine commandLine() {
        return CommandLines.withOneLineErrors("state", new StateCheckMain());
    }

    @Override
    public Integer call() throws Exception {
        boolean flink = PathKind.isFlink(kind, output, spec);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        primaryKeys.forEach((table, columns) -> keys.put(table, Arrays.asList(columns.split(","))));
        StateCheck.Settings settings = new StateCheck.Settings(includeNullAndEmpty, noHexPrefix, memoryLimit, threads,
                examples, workDirectory);
        S3Client s3 = output.startsWith("s3://") ? s3Options.client() : null;
        try (Connection postgres = postgresOptions.open()) {
            PathOutput source = s3 == null ? new DirectoryPathOutput(Path.of(output), flink)
                    : S3PathOutput.of(s3, S3Location.parse(output), flink);
            StateReport result = StateCheck.run(source, postgres, keys, tables, settings);
            System.out.print(result.summary());
            Files.write(report, result.toJsonBytes());
            System.out.println("  report: " + report.toAbsolutePath());
            return result.equal() ? 0 : 1;
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }
}
