package dev.pgflink.capture.catalog;

/** A table by schema and name, as PostgreSQL spells them (case kept, unquoted). */
public record TableId(String schema, String table) {

    /** The name for SQL text: {@code "schema"."table"}, safe whatever the characters. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /** One identifier in double quotes, inner quotes doubled, as PostgreSQL's {@code quote_ident} would always. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
