package dev.pgflink.core.lake;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A view column's SQL type ({@link DmsTypeMapping}'s, as DuckDB and Trino spell it) in the two
 * places Athena keeps a view's columns: the Glue columns, in Hive's type names, and the Presto view
 * definition, in Trino's.
 */
public final class AthenaTypes {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+), ?(\\d+)\\)");
    /**
     * SQL type → {Hive, Trino}. TRY_CAST(… AS TIMESTAMP) gives Trino's timestamp(3), and Athena's own
     * CREATE VIEW stores that name in the view definition; Hive's timestamp has no precision.
     */
    private static final Map<String, String[]> NAMES = Map.of(
            LakeColumn.TEXT, new String[] {"string", "varchar"},
            "SMALLINT", new String[] {"smallint", "smallint"},
            "INTEGER", new String[] {"int", "integer"},
            "BIGINT", new String[] {"bigint", "bigint"},
            "REAL", new String[] {"float", "real"},
            "DOUBLE", new String[] {"double", "double"},
            "BOOLEAN", new String[] {"boolean", "boolean"},
            "DATE", new String[] {"date", "date"},
            "TIMESTAMP", new String[] {"timestamp", "timestamp(3)"});

    private AthenaTypes() {
    }

    public static String hive(String sqlType) {
        return name(sqlType, 0);
    }

    public static String trino(String sqlType) {
        return name(sqlType, 1);
    }

    private static String name(String sqlType, int engine) {
        Matcher decimal = DECIMAL.matcher(sqlType);
        if (decimal.matches()) {
            return "decimal(" + decimal.group(1) + "," + decimal.group(2) + ")";
        }
        String[] names = NAMES.get(sqlType.toUpperCase(Locale.ROOT));
        if (names == null) {
            throw new IllegalArgumentException("no Athena type for the SQL type " + sqlType);
        }
        return names[engine];
    }
}
