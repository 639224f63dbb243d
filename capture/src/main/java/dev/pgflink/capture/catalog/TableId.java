package dev.pgflink.capture.catalog;

import dev.pgflink.core.lake.SqlText;

/** A table by schema and name, as PostgreSQL spells them (case kept, unquoted). */
public record TableId(String schema, String table) {

    /** {@code schema.table}, as {@code --table} and {@code --primary-key} give it, split at its first dot. */
    public static TableId parse(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            throw new IllegalArgumentException("a table is schema.table, not '" + name + "'");
        }
        return new TableId(name.substring(0, dot), name.substring(dot + 1));
    }

    /** The name for SQL text: {@code "schema"."table"}, safe whatever the characters. */
    public String quoted() {
        return SqlText.quote(schema) + "." + SqlText.quote(table);
    }

    /** {@code schema.table}, as the reports and error messages name tables. */
    @Override
    public String toString() {
        return schema + "." + table;
    }
}
