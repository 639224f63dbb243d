package dev.pgflink.lake;

import dev.pgflink.capture.catalog.TableId;
import java.util.List;
import java.util.Set;

/**
 * A source table as the state check needs to know it.
 *
 * @param primaryKey the primary key's columns, in key order
 * @param toastable the columns whose values PostgreSQL may store out of line (variable-length
 *        types); null when the types are unknown, and then every column counts as one
 */
public record SourceTable(String schema, String table, List<String> primaryKey, Set<String> toastable) {
    public SourceTable {
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException(schema + "." + table + " has no primary key");
        }
        primaryKey = List.copyOf(primaryKey);
        toastable = toastable == null ? null : Set.copyOf(toastable);
    }

    /** {@code schema.table}, as parity and the reports name tables. */
    public String name() {
        return schema + "." + table;
    }

    /** Whether an update may leave this column out because its value is an unchanged TOAST value. */
    public boolean mayBeToasted(String column) {
        return toastable == null || toastable.contains(column);
    }

    /** {@code schema.table} split at its first dot. */
    public static SourceTable named(String name, List<String> primaryKey) {
        TableId parsed = TableId.parse(name);
        return new SourceTable(parsed.schema(), parsed.table(), primaryKey, null);
    }
}
