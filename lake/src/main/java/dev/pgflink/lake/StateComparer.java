package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeSet;

/**
 * Joins {@code pg_rows} and {@code rebuilt} on table and primary key in DuckDB; only rows that
 * are on one side, differ, or hold a column the change log cannot tell reach the JVM, one at a
 * time, for the column-level diff.
 */
final class StateComparer {
    private static final String DIFFERENCES = "SELECT coalesce(p.tbl, r.tbl), coalesce(p.pk, r.pk), p.row_json, "
            + "r.row_json, r.unknown_json FROM pg_rows p FULL JOIN rebuilt r ON p.tbl = r.tbl AND p.pk = r.pk "
            + "WHERE p.row_json IS DISTINCT FROM r.row_json OR r.unknown_json IS NOT NULL";

    private StateComparer() {
    }

    static void compare(LakeDatabase db, Map<String, TableComparison> tables) throws SQLException {
        count(db, "pg_rows", tables, true);
        count(db, "rebuilt", tables, false);
        try (Connection reader = db.duplicate();
                Statement st = reader.createStatement();
                ResultSet rs = st.executeQuery(DIFFERENCES)) {
            while (rs.next()) {
                TableComparison table = tables.get(rs.getString(1));
                if (table == null) {
                    continue;
                }
                String key = rs.getString(2);
                String postgres = rs.getString(3);
                String rebuilt = rs.getString(4);
                if (rebuilt == null) {
                    table.onlyInPostgres++;
                    table.example("only_in_postgres", key, Values.read(postgres), "row");
                } else if (postgres == null) {
                    table.onlyInS3++;
                    table.example("only_in_s3", key, Values.read(rebuilt), "row");
                } else {
                    diff(table, key, Values.read(postgres), Values.read(rebuilt), rs.getString(5));
                }
            }
        }
    }

    private static void diff(TableComparison table, String key, JsonNode postgres, JsonNode rebuilt, String unknownJson) {
        JsonNode unknown = unknownJson == null ? JsonNodeFactory.instance.objectNode() : Values.read(unknownJson);
        TreeSet<String> columns = new TreeSet<>();
        postgres.fieldNames().forEachRemaining(columns::add);
        rebuilt.fieldNames().forEachRemaining(columns::add);
        ArrayNode differences = JsonNodeFactory.instance.arrayNode();
        for (String column : columns) {
            JsonNode p = postgres.get(column);
            JsonNode r = rebuilt.get(column);
            if (p != null && p.equals(r)) {
                continue;
            }
            String why = unknown.has(column) ? unknown.get(column).asText() : unknown.has("*") && r == null ? "NO_INSERT" : null;
            if (why != null && accepts(RowState.Unknown.valueOf(why), p, r)) {
                table.unverifiable.merge(column + ": " + RowState.Unknown.valueOf(why).reason, 1L, Long::sum);
                continue;
            }
            ObjectNode difference = differences.addObject();
            difference.put("column", column);
            difference.set("postgres", p);
            difference.set("s3", r);
        }
        if (!differences.isEmpty()) {
            table.differing++;
            table.example("differing", key, differences, "columns");
        }
    }

    /** Whether PostgreSQL's value is one the change log allows for a column it cannot tell. */
    private static boolean accepts(RowState.Unknown why, JsonNode postgres, JsonNode rebuilt) {
        return switch (why) {
            // NULL, or the value carried from before (which differs, or we would not be here).
            case NULL_OR_UNCHANGED_TOAST -> postgres == null;
            case ADDED_COLUMN, NO_INSERT -> rebuilt == null;
        };
    }

    private static void count(LakeDatabase db, String from, Map<String, TableComparison> tables, boolean postgres)
            throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT tbl, count(*) FROM " + from + " GROUP BY tbl")) {
            while (rs.next()) {
                TableComparison table = tables.get(rs.getString(1));
                if (table != null) {
                    if (postgres) {
                        table.postgresRows = rs.getLong(2);
                    } else {
                        table.rebuiltRows = rs.getLong(2);
                    }
                }
            }
        }
    }
}
