package dev.pgflink.lake;

import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.parity.CommandLines;
import dev.pgflink.parity.PathOutput;
import dev.pgflink.parity.S3Location;
import dev.pgflink.parity.S3Options;
import dev.pgflink.parity.S3PathOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The query command: SQL over the local lake, in DuckDB, with each source table's views
 * ({@code SCHEMA.TABLE_changes}, {@code SCHEMA.TABLE_current}), printed as a table.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a query over one path's output in a local directory, in DuckDB, with the views",
                "SCHEMA.TABLE_changes and SCHEMA.TABLE_current of every table the source database holds, e.g.",
                "  select status, count(*) from delivery.orders_current group by 1",
                "Without --postgres-url, tables and columns come from the output, typed as DuckDB reads them, "
                        + "and keys from --primary-key.",
                "Exit code: 0 done, 2 could not run the query."})
public final class LakeQueryMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SQL", description = "The query.")
    String query;

    @Option(names = "--output", required = true, paramLabel = "DIR | s3://BUCKET/ROOT",
            description = "Root of one path's outputs: a local directory, e.g. pgflink-data/s3/pgflink-local/flink, "
                    + "or S3 (its transformed lines are copied to --work-dir first).")
    String output;

    @Mixin
    S3Options s3Options;

    @Option(names = "--work-dir",
            description = "Where DuckDB keeps its database and spills, and lines read from S3 are kept while querying "
                    + "(default: the temp directory).")
    Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--path", paramLabel = "flink|firehose", description = "Which path wrote it (default: the root's last name).")
    PathKind path;

    /** The source database, whose catalog gives the tables, their keys and column types; null without --postgres-url. */
    @ArgGroup(exclusive = false)
    PostgresOptions postgres;

    @Option(names = "--primary-key", paramLabel = "SCHEMA.TABLE=COL[,COL]",
            description = "A table's key, without --postgres-url (repeatable; default for delivery.orders: id).")
    Map<String, String> primaryKeys = new java.util.LinkedHashMap<>(Map.of("delivery.orders", "id"));

    @Option(names = "--memory-limit", defaultValue = "1GB", description = "DuckDB's memory limit (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--max-rows", defaultValue = "100", description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
    int maxRows;

    public static void main(String[] args) {
        System.exit(CommandLines.withOneLineErrors("query", new LakeQueryMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean flink = PathKind.isFlink(path, output, spec);
        try (LakeDatabase db = LakeDatabase.create(workDirectory, memoryLimit, Runtime.getRuntime().availableProcessors())) {
            if (!output.startsWith("s3://")) {
                return query(db.connection(), Path.of(output), flink);
            }
            Path copy = db.scratchDirectory("lake-query-");
            try (S3Client s3 = s3Options.client()) {
                copyLines(S3PathOutput.of(s3, S3Location.parse(output), flink), copy);
            }
            return query(db.connection(), copy, false);
        }
    }

    /**
     * Copies a path's transformed lines (with its control lines, which the views leave out) into
     * {@code DIR/transformed/lines.jsonl}: DuckDB cannot read S3 here (no httpfs), so the views read the copy.
     */
    public static void copyLines(PathOutput source, Path directory) throws IOException {
        Path file = Files.createDirectories(directory.resolve("transformed")).resolve("lines.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            source.readRecords(line -> out.append(line).append('\n'));
        }
    }

    private int query(Connection duck, Path output, boolean flink) throws Exception {
        if (!Files.isDirectory(output.resolve("transformed"))) {
            throw new IllegalArgumentException("no transformed/ under " + output);
        }
        if (postgres != null) {
            try (Connection connection = postgres.open()) {
                for (LakeTable table : PostgresCatalog.tablesWithKeys(connection)) {
                    LakeViews.createInDuckDb(duck, output, flink, table);
                }
            }
        } else {
            for (Map.Entry<String, String> key : primaryKeys.entrySet()) {
                SourceTable table = SourceTable.named(key.getKey(), List.of(key.getValue().split(",")));
                LakeViews.createInDuckDb(duck, output, flink, LakeViews.tableInOutput(duck, output, flink, table));
            }
        }
        System.out.print(run(duck, query, maxRows));
        return 0;
    }

    /** The query's result as a text table with a header, at most {@code maxRows} rows. */
    public static String run(Connection duck, String sql, int maxRows) throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int n = meta.getColumnCount();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[n];
            for (int i = 0; i < n; i++) {
                header[i] = meta.getColumnLabel(i + 1);
            }
            rows.add(header);
            long total = 0;
            while (rs.next()) {
                if (total++ < maxRows) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        String value = rs.getString(i + 1);
                        row[i] = value == null ? "NULL" : value;
                    }
                    rows.add(row);
                }
            }
            int[] width = new int[n];
            rows.forEach(r -> {
                for (int i = 0; i < n; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            });
            StringBuilder out = new StringBuilder();
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    line.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", rows.get(r)[i]));
                }
                out.append(line.toString().stripTrailing()).append('\n');
                if (r == 0) {
                    for (int i = 0; i < n; i++) {
                        out.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                    }
                    out.append('\n');
                }
            }
            out.append(String.format("(%,d row%s%s)%n", total, total == 1 ? "" : "s",
                    total > maxRows ? ", " + maxRows + " shown" : ""));
            return out.toString();
        }
    }
}
