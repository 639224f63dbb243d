package dev.pgflink.core.lake;

import dev.pgflink.core.flat.FlatFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL views of the lake (docs/lake.md, "SQL on the lake"): per source table the change log
 * with typed columns ({@code _changes}) and the latest change per primary key unless it is a
 * delete ({@code _current}), from one template ({@code table-views.sql}) written in the SQL DuckDB
 * and Trino (Athena) share. An engine brings its naming ({@link ViewNaming}) and the source of
 * the table's change lines; every source column arrives as text and is cast here.
 */
public final class TableViews {
    private static final String TEMPLATE = load();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern HEADER = Pattern.compile("^CREATE OR REPLACE VIEW \\{\\{(changes_view|current_view)}} AS\\s*");

    /** The change metadata the _changes view adds after the table's columns, as the template selects it. */
    private static final List<LakeColumn> CHANGE_METADATA = List.of(
            new LakeColumn(FlatFields.OPERATION, null, LakeColumn.TEXT),
            new LakeColumn(FlatFields.TIMESTAMP, null, LakeColumn.TEXT),
            new LakeColumn(FlatFields.COMMIT_TIMESTAMP, null, LakeColumn.TEXT),
            new LakeColumn(FlatFields.TRANSACTION_ID, null, "BIGINT"),
            new LakeColumn(FlatFields.TRANSACTION_RECORD_ID, null, "BIGINT"),
            new LakeColumn(FlatFields.STREAM_POSITION, null, LakeColumn.TEXT));

    /**
     * The change metadata the views read from a table's lines, every field as text: what an
     * engine's source must provide besides the table's columns.
     */
    public static final List<String> SOURCE_METADATA = List.of(FlatFields.OPERATION, FlatFields.SCHEMA,
            FlatFields.TABLE, FlatFields.TIMESTAMP, FlatFields.COMMIT_TIMESTAMP, FlatFields.TRANSACTION_ID,
            FlatFields.TRANSACTION_RECORD_ID, FlatFields.STREAM_POSITION);

    private TableViews() {
    }

    /** The table's two views, {@code _changes} then {@code _current}, reading its change lines from {@code source}. */
    public static List<LakeView> render(LakeTable table, ViewNaming naming, String source) {
        Map<String, String> values = Map.of(
                "changes_view", naming.changesView(table),
                "current_view", naming.currentView(table),
                "typed_columns", table.columns().stream().map(c -> "  " + cast(c, naming) + " AS " + naming.column(c.name()))
                        .collect(Collectors.joining(",\n")),
                "column_names", table.columns().stream().map(c -> naming.column(c.name())).collect(Collectors.joining(", ")),
                "key_columns", table.primaryKey().stream().map(naming::column).collect(Collectors.joining(", ")),
                "source", source,
                "schema_literal", SqlText.literal(table.schema()),
                "table_literal", SqlText.literal(table.table()));
        List<LakeView> views = new ArrayList<>();
        for (String statement : statements(TEMPLATE)) {
            Matcher header = HEADER.matcher(statement);
            if (!header.find()) {
                throw new IllegalStateException("table-views.sql: a statement that does not create a named view: " + statement);
            }
            boolean changes = header.group(1).equals("changes_view");
            List<LakeColumn> columns = new ArrayList<>(table.columns());
            if (changes) {
                columns.addAll(CHANGE_METADATA);
            }
            views.add(new LakeView(values.get(header.group(1)), fill(statement.substring(header.end()), values), columns));
        }
        return views;
    }

    /** A source column's text cast to its SQL type; text stays as it is. */
    private static String cast(LakeColumn column, ViewNaming naming) {
        String text = naming.column(FlatFields.flatColumnName(column.name()));
        if (column.isText()) {
            return text;
        }
        if (column.sqlType().equals("TIMESTAMP")) {
            // DMS writes 2024-12-16T10:24:15.889986Z; both engines cast the space-separated form.
            text = "replace(replace(" + text + ", 'T', ' '), 'Z', '')";
        }
        return "TRY_CAST(" + text + " AS " + column.sqlType() + ")";
    }

    private static String fill(String sql, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException("table-views.sql: unknown placeholder " + placeholder.group());
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    /** The template's statements: split at semicolons that end a line; comment lines dropped. */
    private static List<String> statements(String sql) {
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
        try (InputStream in = TableViews.class.getResourceAsStream("table-views.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
