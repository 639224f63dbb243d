package dev.pgflink.lake;

import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.core.lake.DmsTypeMapping;
import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Source tables as PostgreSQL's {@code information_schema} describes them, each column typed by
 * the DMS mapping ({@link DmsTypeMapping}): the catalog command's definitions and the local views'
 * columns come from here. {@code information_schema} shows only the tables the user holds a
 * privilege on.
 */
public final class PostgresCatalog {
    private static final String COLUMNS = "SELECT c.table_schema, c.table_name, c.column_name, c.data_type, c.udt_name, "
            + "c.character_maximum_length, c.numeric_precision, c.numeric_scale "
            + "FROM information_schema.columns c JOIN information_schema.tables t "
            + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
            + "WHERE c.table_schema = ANY(?) ORDER BY c.table_schema, c.table_name, c.ordinal_position";
    private static final String PRIMARY_KEYS = "SELECT k.table_schema, k.table_name, k.column_name "
            + "FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k "
            + "ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name "
            + "AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name "
            + "WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = ANY(?) "
            + "ORDER BY k.table_schema, k.table_name, k.ordinal_position";
    private static final String USER_SCHEMAS = "SELECT nspname FROM pg_namespace "
            + "WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%' ORDER BY 1";

    private PostgresCatalog() {
    }

    /**
     * Every table of {@code schemas} and each of {@code tables}, in name order. Refuses a named
     * table it cannot see, and tables without a primary key (the current-state view is the latest
     * change per key), naming them all.
     */
    public static List<LakeTable> tables(Connection postgres, Collection<String> schemas, Collection<TableId> tables)
            throws SQLException {
        Set<String> searched = new LinkedHashSet<>(schemas);
        tables.forEach(t -> searched.add(t.schema()));
        Map<TableId, List<LakeColumn>> columns = columns(postgres, searched);
        Map<TableId, List<String>> keys = primaryKeys(postgres, searched);
        List<String> missing = new ArrayList<>();
        tables.stream().filter(t -> !columns.containsKey(t)).forEach(t -> missing.add(t.toString()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no table " + String.join(", ", missing)
                    + " (or the user holds no privilege on it)");
        }
        List<LakeTable> found = new ArrayList<>();
        List<String> keyless = new ArrayList<>();
        columns.forEach((name, cols) -> {
            if (schemas.contains(name.schema()) || tables.contains(name)) {
                List<String> key = keys.getOrDefault(name, List.of());
                if (key.isEmpty()) {
                    keyless.add(name.toString());
                } else {
                    found.add(new LakeTable(name.schema(), name.table(), key, cols));
                }
            }
        });
        if (!keyless.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", keyless) + (keyless.size() == 1 ? " has" : " have")
                    + " no primary key: the current-state view is the latest change per key. Add one, "
                    + "or name the tables to define with --table");
        }
        return found;
    }

    /**
     * Every table with a primary key in every schema but PostgreSQL's own, in name order; tables
     * without one are left out (they have no current-state view). One reading of the catalog.
     */
    public static List<LakeTable> tablesWithKeys(Connection postgres) throws SQLException {
        Set<String> schemas = new LinkedHashSet<>();
        try (Statement st = postgres.createStatement(); ResultSet rs = st.executeQuery(USER_SCHEMAS)) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        Map<TableId, List<String>> keys = primaryKeys(postgres, schemas);
        List<LakeTable> found = new ArrayList<>();
        columns(postgres, schemas).forEach((name, cols) -> {
            List<String> key = keys.get(name);
            if (key != null) {
                found.add(new LakeTable(name.schema(), name.table(), key, cols));
            }
        });
        return found;
    }

    private static Map<TableId, List<LakeColumn>> columns(Connection postgres, Set<String> schemas) throws SQLException {
        Map<TableId, List<LakeColumn>> columns = new LinkedHashMap<>();
        forEachRow(postgres, COLUMNS, schemas, rs -> {
            String dataType = rs.getString(4);
            Integer precision = rs.getObject(7, Integer.class);
            Integer scale = rs.getObject(8, Integer.class);
            columns.computeIfAbsent(new TableId(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(new LakeColumn(rs.getString(3),
                            describe(dataType, rs.getString(5), rs.getObject(6, Integer.class), precision, scale),
                            DmsTypeMapping.sqlType(dataType, precision, scale)));
        });
        return columns;
    }

    private static Map<TableId, List<String>> primaryKeys(Connection postgres, Set<String> schemas) throws SQLException {
        Map<TableId, List<String>> keys = new LinkedHashMap<>();
        forEachRow(postgres, PRIMARY_KEYS, schemas, rs -> keys.computeIfAbsent(
                new TableId(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(rs.getString(3)));
        return keys;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a catalog query whose one parameter is the schemas' names. */
    private static void forEachRow(Connection postgres, String sql, Set<String> schemas, Row row) throws SQLException {
        try (PreparedStatement ps = postgres.prepareStatement(sql)) {
            ps.setArray(1, postgres.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    /** The type as a reader of the definitions knows it: {@code numeric(10,2)}, {@code int4[]}, an enum's name. */
    static String describe(String dataType, String udtName, Integer length, Integer precision, Integer scale) {
        return switch (dataType) {
            case "ARRAY" -> udtName.substring(1) + "[]";
            case "USER-DEFINED" -> udtName;
            case "numeric" -> precision == null ? dataType : dataType + "(" + precision + "," + scale + ")";
            default -> length == null ? dataType : dataType + "(" + length + ")";
        };
    }
}
