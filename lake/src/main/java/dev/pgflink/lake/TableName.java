package dev.pgflink.lake;

/** A source table's schema and name, as {@code --table} and {@code --primary-key} give it: {@code schema.table}. */
public record TableName(String schema, String table) {
    /** {@code schema.table} split at its first dot. */
    public static TableName parse(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            throw new IllegalArgumentException("a table is schema.table, not '" + name + "'");
        }
        return new TableName(name.substring(0, dot), name.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
