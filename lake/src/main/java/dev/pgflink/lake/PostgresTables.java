package dev.pgflink.lake;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The user tables PostgreSQL's catalog holds, with primary keys and the columns that may be TOASTed. */
public final class PostgresTables {
    private PostgresTables() {
    }

    /** Every table with a primary key outside the system schemas, by {@code schema.table}. */
    public static Map<String, SourceTable> read(Connection sql) throws SQLException {
        record Column(String schema, String table, String name, boolean key, int keyOrder, boolean varlena) {
        }
        List<Column> columns = new ArrayList<>();
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname, a.attname, i.indrelid IS NOT NULL, "
                        + "coalesce(array_position(i.indkey::int2[], a.attnum), 0), "
                        // Variable-length types may be stored out of line; a numeric(p, s) is a few
                        // dozen bytes, and PostgreSQL moves only a wide row's largest values out.
                        + "t.typlen = -1 AND NOT (a.atttypid = 1700 AND a.atttypmod >= 0) "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                        + "JOIN pg_type t ON t.oid = a.atttypid "
                        + "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey) "
                        + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                        + "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2, a.attnum")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getInt(5),
                        rs.getBoolean(6)));
            }
        }
        Map<String, List<Column>> byTable = new LinkedHashMap<>();
        columns.forEach(c -> byTable.computeIfAbsent(c.schema() + "." + c.table(), k -> new ArrayList<>()).add(c));
        Map<String, SourceTable> tables = new LinkedHashMap<>();
        byTable.forEach((name, cols) -> {
            List<Column> key = cols.stream().filter(Column::key)
                    .sorted((a, b) -> Integer.compare(a.keyOrder(), b.keyOrder())).toList();
            if (!key.isEmpty()) {
                Set<String> toastable = new HashSet<>();
                cols.stream().filter(Column::varlena).forEach(c -> toastable.add(c.name()));
                Column first = cols.get(0);
                tables.put(name, new SourceTable(first.schema(), first.table(),
                        key.stream().map(Column::name).toList(), toastable));
            }
        });
        return tables;
    }
}
