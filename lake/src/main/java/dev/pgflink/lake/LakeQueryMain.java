package dev.pgflink.lake;

import dev.pgflink.capture.connection.PostgresConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The query command: SQL over the local lake, in DuckDB, with each source table's views
 * ({@code SCHEMA.TABLE_changes}, {@code SCHEMA.TABLE_current}), printed as a table.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a query over one path's output in a local directory, in DuckDB, with the views",
                "SCHEMA.TABLE_changes and SCHEMA.TABLE_current of every table the source database holds, e.g.",
                "  select status, count(*) from delivery.orders_current group by 1",
                "Exit code: 0 done, 2 could not run the query."})
public final class LakeQueryMain implements Callable<Integer> {
    @Parameters(paramLabel = "SQL", description = "The query.")
    String query;

    @Option(names = "--output", required = true, paramLabel = "DIR | s3://BUCKET/ROOT",
            description = "Root of one path's outputs: a local directory, e.g. pgflink-data/s3/pgflink-local/flink, "
                    + "or S3 (its transformed lines are copied to --work-dir first).")
    String output;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (path-style).")
    java.net.URI endpoint;

    @Option(names = "--region", description = "Default: the AWS region chain, or us-east-1 with --endpoint.")
    String region;

    @Option(names = "--work-dir", description = "Where lines read from S3 are kept while querying (default: the temp directory).")
    Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--path", paramLabel = "flink|firehose", description = "Which path wrote it (default: the root's last name).")
    String path;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = "The source database: its catalog gives the tables, their keys and column types. "
                    + "Without it, tables and columns come from the output, typed as DuckDB reads them, and keys from --primary-key.")
    String postgresUrl;

    @Option(names = "--primary-key", paramLabel = "SCHEMA.TABLE=COL[,COL]",
            description = "A table's key, without --postgres-url (repeatable; default for delivery.orders: id).")
    Map<String, String> primaryKeys = new java.util.LinkedHashMap<>(Map.of("delivery.orders", "id"));

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "${env:PGPASSWORD:-postgres}",
            description = "Default: $PGPASSWORD, else postgres.")
    String postgresPassword;

    @Option(names = "--memory-limit", defaultValue = "1GB", description = "DuckDB's memory limit (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--max-rows", defaultValue = "100", description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
    int maxRows;

    public static void main(String[] args) {
        System.exit(CommandLines.withOneLineErrors("query", new LakeQueryMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String trimmed = output.replaceAll("/+$", "");
        String kind = path != null ? path : trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (!kind.equals("flink") && !kind.equals("firehose")) {
            throw new IllegalArgumentException("cannot tell the path from " + output + ": add --path flink or --path firehose");
        }
        if (!output.startsWith("s3://")) {
            return query(Path.of(output), kind.equals("flink"));
        }
        Path copy = Files.createTempDirectory(Files.createDirectories(workDirectory), "lake-query-");
        try (software.amazon.awssdk.services.s3.S3Client s3 = dev.pgflink.parity.ParityMain.client(endpoint, region)) {
            dev.pgflink.parity.S3Location location = dev.pgflink.parity.S3Location.parse(output);
            copyLines(kind.equals("flink") ? dev.pgflink.parity.S3PathOutput.flink(s3, location, () -> { })
                    : dev.pgflink.parity.S3PathOutput.firehose(s3, location, () -> { }), copy);
            return query(copy, false);
        } finally {
            try (var files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Copies a path's transformed lines (with its control lines, which the views leave out) into
     * {@code DIR/transformed/lines.jsonl}: DuckDB cannot read S3 here (no httpfs), so the views read the copy.
     */
    public static void copyLines(dev.pgflink.parity.PathOutput source, Path directory) throws java.io.IOException {
        Path file = Files.createDirectories(directory.resolve("transformed")).resolve("lines.jsonl");
        try (java.io.BufferedWriter out = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            source.readRecords(line -> out.append(line).append('\n'));
        }
    }

    private int query(Path output, boolean flink) throws Exception {
        if (!Files.isDirectory(output.resolve("transformed"))) {
            throw new IllegalArgumentException("no transformed/ under " + output);
        }
        Properties properties = new Properties();
        properties.setProperty("memory_limit", memoryLimit);
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:", properties)) {
            if (postgresUrl != null) {
                try (Connection postgres = new PostgresConnections(postgresUrl, postgresUser, postgresPassword).open()) {
                    for (SourceTable table : PostgresTables.read(postgres).values()) {
                        LakeViews.createInDuckDb(duck, output, flink, table, LakeViews.columns(postgres, table));
                    }
                }
            } else {
                for (Map.Entry<String, String> key : primaryKeys.entrySet()) {
                    SourceTable table = SourceTable.named(key.getKey(), List.of(key.getValue().split(",")));
                    LakeViews.createInDuckDb(duck, output, flink, table, LakeViews.columnsInOutput(duck, output, flink, table));
                }
            }
            System.out.print(run(duck, query, maxRows));
        }
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
