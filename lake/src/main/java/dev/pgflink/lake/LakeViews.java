package dev.pgflink.lake;

import dev.pgflink.core.flat.FlatFields;
import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL views of the lake (docs/lake.md, "SQL on the lake"): per source table
 * {@code SCHEMA.TABLE_changes}, the change log with typed columns, and {@code SCHEMA.TABLE_current},
 * the latest change per primary key unless it is a delete, from one template
 * ({@code table-views.sql}) written in the SQL DuckDB and Trino share.
 */
public final class LakeViews {
    /** A source column and the SQL type DMS's mapping gives it; null type: kept as text. */
    public record Column(String name, String sqlType) {
    }

    private static final String TEMPLATE = load();

    private LakeViews() {
    }

    /** The table's columns in order with their types, from PostgreSQL's catalog. */
    public static List<Column> columns(Connection postgres, SourceTable table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = postgres.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod "
                + "FROM pg_attribute a WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass "
                + "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), sqlType((int) rs.getLong(2), rs.getInt(3))));
                }
            }
        }
        return columns;
    }

    /**
     * A table's columns as its change lines hold them, typed as DuckDB reads them (numbers with
     * many digits lose precision: DuckDB reads JSON numbers through doubles); for a lake without
     * its source database.
     */
    public static List<Column> columnsInOutput(Connection duck, Path output, boolean flink, SourceTable table)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_json("
                + files(output, flink) + ", format = 'newline_delimited', union_by_name = true) "
                + "WHERE __schema = " + LakeDatabase.literal(table.schema()) + " AND __table = "
                + LakeDatabase.literal(table.table()))) {
            while (rs.next()) {
                String name = rs.getString(1);
                String type = rs.getString(2);
                if (!FlatFields.isMetadataField(name) && !type.startsWith("STRUCT") && !type.startsWith("MAP")
                        && !type.endsWith("[]") && !type.equals("JSON")) {
                    columns.add(new Column(FlatFields.sourceColumnName(name), type.equals("VARCHAR") ? null : type));
                }
            }
        }
        return columns;
    }

    /**
     * The change lines' files as a DuckDB file list: on the Flink path the committed parts
     * ({@code *.jsonl}, {@code *.jsonl.gz}: not manifests, nor in-progress files, whose names end
     * in an id), on the Firehose path every object. DuckDB decompresses {@code .gz} by its name. A
     * pattern that matches nothing is an error in DuckDB, so only the kinds present are listed.
     */
    static String files(Path output, boolean flink) throws SQLException {
        Path transformed = output.resolve("transformed");
        if (!flink) {
            return LakeDatabase.literal(transformed + "/**/*");
        }
        List<String> globs = new ArrayList<>();
        for (Compression compression : Compression.values()) {
            String suffix = S3Layout.PART_SUFFIX + compression.suffix();
            if (anyFileEndsWith(transformed, suffix)) {
                globs.add(LakeDatabase.literal(transformed + "/**/*" + suffix));
            }
        }
        if (globs.isEmpty()) {
            throw new SQLException("no committed part files under " + transformed);
        }
        return "[" + String.join(", ", globs) + "]";
    }

    private static boolean anyFileEndsWith(Path directory, String suffix) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SQL type for a PostgreSQL type as DMS renders it (dms-kinesis-format.md); null for text. */
    static String sqlType(int typeOid, int typeModifier) {
        return switch (typeOid) {
            case 21 -> "SMALLINT";
            case 23 -> "INTEGER";
            case 20, 26 -> "BIGINT";
            case 700 -> "REAL";
            case 701 -> "DOUBLE";
            case 16 -> "BOOLEAN";
            case 1082 -> "DATE";
            case 1114, 1184 -> "TIMESTAMP";
            case 1700 -> {
                int precision = typeModifier < 4 ? 0 : ((typeModifier - 4) >> 16) & 0xFFFF;
                yield precision == 0 || precision > 38 ? null
                        : "DECIMAL(" + precision + ", " + ((typeModifier - 4) & 0xFFFF) + ")";
            }
            default -> null;
        };
    }

    /** The views' SQL for one table, reading its change lines from {@code source}. */
    public static String render(SourceTable table, List<Column> columns, String source) {
        String typed = columns.stream().map(c -> "  " + cast(c) + " AS " + quote(c.name()))
                .collect(Collectors.joining(",\n"));
        return TEMPLATE
                .replace("{{schema}}", quote(table.schema()))
                .replace("{{changes_view}}", quote(table.table() + "_changes"))
                .replace("{{current_view}}", quote(table.table() + "_current"))
                .replace("{{typed_columns}}", typed)
                .replace("{{column_names}}", columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")))
                .replace("{{key_columns}}", table.primaryKey().stream().map(LakeViews::quote)
                        .collect(Collectors.joining(", ")))
                .replace("{{source}}", source)
                .replace("{{schema_literal}}", LakeDatabase.literal(table.schema()))
                .replace("{{table_literal}}", LakeDatabase.literal(table.table()));
    }

    /**
     * Creates the views in DuckDB over a path's output in a local directory: every column read as
     * text (then cast), so that nothing depends on DuckDB's guess of a type.
     */
    public static void createInDuckDb(Connection duck, Path output, boolean flink, SourceTable table,
            List<Column> columns) throws SQLException {
        String files = files(output, flink);
        StringBuilder types = new StringBuilder();
        for (Column column : columns) {
            types.append(LakeDatabase.literal(FlatFields.flatColumnName(column.name()))).append(": 'VARCHAR', ");
        }
        for (String metadata : List.of(FlatFields.OPERATION, FlatFields.SCHEMA, FlatFields.TABLE, FlatFields.TIMESTAMP,
                FlatFields.COMMIT_TIMESTAMP, FlatFields.TRANSACTION_ID, FlatFields.TRANSACTION_RECORD_ID,
                FlatFields.STREAM_POSITION)) {
            types.append(LakeDatabase.literal(metadata)).append(": 'VARCHAR', ");
        }
        types.setLength(types.length() - 2);
        String source = "read_json(" + files + ", format = 'newline_delimited', columns = {"
                + types + "})";
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()));
            for (String statement : statements(render(table, columns, source))) {
                st.execute(statement);
            }
        }
    }

    private static String cast(Column column) {
        String text = quote(FlatFields.flatColumnName(column.name()));
        if (column.sqlType() == null) {
            return text;
        }
        if (column.sqlType().equals("TIMESTAMP")) {
            // DMS writes 2024-12-16T10:24:15.889986Z; both engines cast the space-separated form.
            text = "replace(replace(" + text + ", 'T', ' '), 'Z', '')";
        }
        return "TRY_CAST(" + text + " AS " + column.sqlType() + ")";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The template's statements: split at semicolons that end a line; comments dropped. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.endsWith(";")) {
                statements.add(current.toString().trim().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String load() {
        try (InputStream in = LakeViews.class.getResourceAsStream("table-views.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
