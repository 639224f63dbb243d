package dev.pgflink.local.pipeline;

import dev.pgflink.lake.StateCheck;
import dev.pgflink.lake.StateReport;
import dev.pgflink.local.load.SampleWorkload;
import dev.pgflink.local.services.PostgresService;
import dev.pgflink.parity.S3Location;
import dev.pgflink.parity.S3PathOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local pipeline's state check, after parity: each path's output rebuilt into tables and
 * compared with PostgreSQL's rows once the generator and the capture have stopped (docs/lake.md).
 * Meaningful only when the outputs hold the tables' whole history.
 */
final class PipelineState {
    /** DuckDB's memory limit here: the pipeline's JVM holds the MiniCluster as well. */
    private static final String MEMORY_LIMIT = "512MB";

    /** One path's result: a report, or why the check was skipped. */
    record Outcome(String path, StateReport report, String skipped) {
        /** Equal, or skipped: only a difference fails the run. */
        boolean passed() {
            return report == null || report.equal();
        }

        String line() {
            return "STATE " + path + ": " + (report == null ? "SKIPPED (" + skipped + ")" : report.verdict());
        }
    }

    private PipelineState() {
    }

    /**
     * Why the outputs may not hold the whole history, or null when they do. A capture that began
     * with a full load put the table's earlier rows in the outputs; one that resumed a slot (an
     * earlier run's, with the outputs wiped) brings only what changed since.
     *
     * @param rowsBefore the rows the table held before this run inserted anything
     */
    static String skipReason(PipelineOptions options, boolean resumed, long rowsBefore) {
        if (options.keepData()) {
            return "--keep-data: the outputs hold earlier runs' changes";
        }
        if (resumed && rowsBefore > 0) {
            return String.format("the capture resumed replication slot %s from an earlier run, so %s's %,d rows "
                    + "from before it are not in the outputs (drop the slot for a full load)", PipelineOptions.SLOT,
                    SampleWorkload.TABLE, rowsBefore);
        }
        return null;
    }

    /** Checks both paths (or prints why not), printing each summary; reports go to {@code DATA/state-PATH.json}. */
    static List<Outcome> check(S3Client s3, PostgresService postgres, Path dataDirectory, String skipReason,
            PrintStream out) throws IOException, SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        List<S3PathOutput> outputs = List.of(
                S3PathOutput.flink(s3, new S3Location(PipelineOptions.BUCKET, "flink"), () -> { }),
                S3PathOutput.firehose(s3, new S3Location(PipelineOptions.BUCKET, "firehose"), () -> { }));
        StateCheck.Settings settings = new StateCheck.Settings(false, false, MEMORY_LIMIT, 2, 10,
                dataDirectory.resolve("state-work"));
        for (S3PathOutput output : outputs) {
            String path = output.name();
            if (skipReason != null) {
                outcomes.add(new Outcome(path, null, skipReason));
                out.println(outcomes.get(outcomes.size() - 1).line());
                continue;
            }
            StateReport report;
            try (Connection sql = postgres.connectAsCapture()) {
                report = StateCheck.run(output, sql, Map.of(), List.of(SampleWorkload.TABLE), settings);
            }
            Path file = dataDirectory.resolve("state-" + path + ".json");
            Files.write(file, report.toJsonBytes());
            out.print(report.summary());
            out.println("  report: " + file.toAbsolutePath());
            outcomes.add(new Outcome(path, report, null));
        }
        return outcomes;
    }
}
