package dev.pgflink.core.lake;

import java.util.Locale;
import java.util.Map;

/**
 * The SQL type of a PostgreSQL column as DMS renders its values (shared/reference/dms-kinesis-format.md):
 * integers, {@code real}, {@code double precision} and {@code numeric(p ≤ 38, s)} are JSON numbers,
 * booleans the strings {@code "true"}/{@code "false"}, dates and timestamps ISO text; anything
 * else (text, an unconstrained or wider numeric, json, arrays, uuid, enums…) stays text.
 *
 * <p>Keyed by the type names {@code information_schema.columns} gives ({@code data_type},
 * {@code numeric_precision}, {@code numeric_scale}), so the catalog command and the local views
 * map alike.
 */
public final class DmsTypeMapping {
    /**
     * DECIMAL's widest precision in both DuckDB and Athena, and the widest {@code numeric(p, s)} DMS
     * writes as a number (wider or unbounded ones are strings).
     */
    public static final int MAX_DECIMAL_PRECISION = 38;

    /** {@code data_type} → SQL type, numeric aside; package-visible for the test of every type's Athena names. */
    static final Map<String, String> BY_DATA_TYPE = Map.of(
            "smallint", "SMALLINT",
            "integer", "INTEGER",
            "bigint", "BIGINT",
            "oid", "BIGINT",
            "real", "REAL",
            "double precision", "DOUBLE",
            "boolean", "BOOLEAN",
            "date", "DATE",
            // DMS writes both in UTC with a Z; the views drop the Z and read a timestamp without zone.
            "timestamp without time zone", "TIMESTAMP",
            "timestamp with time zone", "TIMESTAMP");

    private DmsTypeMapping() {
    }

    /**
     * The SQL type for a column, {@link LakeColumn#TEXT} when the views keep it as text.
     *
     * @param dataType {@code information_schema.columns.data_type}, e.g. {@code numeric}
     * @param numericPrecision its {@code numeric_precision}; null for an unconstrained numeric
     * @param numericScale its {@code numeric_scale}
     */
    public static String sqlType(String dataType, Integer numericPrecision, Integer numericScale) {
        String type = dataType.toLowerCase(Locale.ROOT);
        if (type.equals("numeric")) {
            return numericPrecision == null || numericPrecision > MAX_DECIMAL_PRECISION ? LakeColumn.TEXT
                    : "DECIMAL(" + numericPrecision + ", " + (numericScale == null ? 0 : numericScale) + ")";
        }
        return BY_DATA_TYPE.getOrDefault(type, LakeColumn.TEXT);
    }
}
