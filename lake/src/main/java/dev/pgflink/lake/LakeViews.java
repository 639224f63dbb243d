package dev.pgflink.lake;

import dev.pgflink.core.flat.FlatFields;
import dev.pgflink.core.lake.DuckDbNaming;
import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeView;
import dev.pgflink.core.lake.SqlText;
import dev.pgflink.core.lake.TableViews;
import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lake's views in DuckDB (docs/lake.md, "SQL on the lake"): per source table
 * {@code SCHEMA.TABLE_changes} and {@code SCHEMA.TABLE_current}, rendered by core's
 * {@link TableViews} (the template Athena's views come from too) over DuckDB's reading of a path's
 * output in a local directory.
 */
public final class LakeViews {
    private static final DuckDbNaming NAMING = new DuckDbNaming();

    private LakeViews() {
    }

    /**
     * A table with its columns as its change lines hold them, typed as DuckDB reads them (numbers
     * with many digits lose precision: DuckDB reads JSON numbers through doubles); for a lake
     * without its source database, whose catalog ({@link PostgresCatalog}) gives the tables otherwise.
     */
    public static LakeTable tableInOutput(Connection duck, Path output, boolean flink, SourceTable table)
            throws SQLException {
        List<LakeColumn> columns = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_json("
                + files(output, flink) + ", format = 'newline_delimited', union_by_name = true) "
                + "WHERE __schema = " + SqlText.literal(table.schema()) + " AND __table = "
                + SqlText.literal(table.table()))) {
            while (rs.next()) {
                String name = rs.getString(1);
                String type = rs.getString(2);
                if (!FlatFields.isMetadataField(name) && !type.startsWith("STRUCT") && !type.startsWith("MAP")
                        && !type.endsWith("[]") && !type.equals("JSON")) {
                    columns.add(new LakeColumn(FlatFields.sourceColumnName(name), null, type));
                }
            }
        }
        return new LakeTable(table.schema(), table.table(), table.primaryKey(), columns);
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
            return SqlText.literal(transformed + "/**/*");
        }
        List<String> globs = new ArrayList<>();
        for (Compression compression : Compression.values()) {
            String suffix = S3Layout.PART_SUFFIX + compression.suffix();
            if (anyFileEndsWith(transformed, suffix)) {
                globs.add(SqlText.literal(transformed + "/**/*" + suffix));
            }
        }
        if (globs.isEmpty()) {
            throw new SQLException("no committed part files under " + transformed);
        }
        return "[" + String.join(", ", globs) + "]";
    }

    private static boolean anyFileEndsWith(Path directory, String suffix) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the views in DuckDB over a path's output in a local directory: every column read as
     * text (then cast), so that nothing depends on DuckDB's guess of a type.
     */
    public static void createInDuckDb(Connection duck, Path output, boolean flink, LakeTable table) throws SQLException {
        String files = files(output, flink);
        StringBuilder types = new StringBuilder();
        for (LakeColumn column : table.columns()) {
            types.append(SqlText.literal(FlatFields.flatColumnName(column.name()))).append(": 'VARCHAR', ");
        }
        for (String metadata : TableViews.SOURCE_METADATA) {
            types.append(SqlText.literal(metadata)).append(": 'VARCHAR', ");
        }
        types.setLength(types.length() - 2);
        String source = "read_json(" + files + ", format = 'newline_delimited', columns = {"
                + types + "})";
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.quote(table.schema()));
            for (LakeView view : TableViews.render(table, NAMING, source)) {
                st.execute(view.createStatement());
            }
        }
    }
}
