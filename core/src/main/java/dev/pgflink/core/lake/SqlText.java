package dev.pgflink.core.lake;

/** Names and strings written into SQL the way DuckDB and Trino (Athena) both read them. */
public final class SqlText {
    private SqlText() {
    }

    /** {@code identifier} as a double-quoted SQL identifier. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code text} as a single-quoted SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
