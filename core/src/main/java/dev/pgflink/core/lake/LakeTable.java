package dev.pgflink.core.lake;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A source table as the lake's views and catalog need it: schema, name, primary key (in key
 * order, never empty: the current-state view is the latest change per key) and columns in table
 * order.
 */
@JsonPropertyOrder({"schema", "table", "primaryKey", "columns"})
public final class LakeTable {
    private final String schema;
    private final String table;
    private final List<String> primaryKey;
    private final List<LakeColumn> columns;

    @JsonCreator
    public LakeTable(@JsonProperty("schema") String schema, @JsonProperty("table") String table,
            @JsonProperty("primaryKey") List<String> primaryKey, @JsonProperty("columns") List<LakeColumn> columns) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.table = Objects.requireNonNull(table, "table");
        this.primaryKey = List.copyOf(Objects.requireNonNull(primaryKey, "primaryKey"));
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        if (this.primaryKey.isEmpty()) {
            throw new IllegalArgumentException(name() + " has no primary key: the current-state view needs one");
        }
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.name()));
        List<String> missing = new ArrayList<>(this.primaryKey);
        missing.removeAll(names);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(name() + ": primary-key columns " + missing + " are not among its columns");
        }
    }

    @JsonProperty
    public String schema() {
        return schema;
    }

    @JsonProperty
    public String table() {
        return table;
    }

    @JsonProperty
    public List<String> primaryKey() {
        return primaryKey;
    }

    @JsonProperty
    public List<LakeColumn> columns() {
        return columns;
    }

    /** {@code schema.table}, as the reports and error messages name tables. */
    public String name() {
        return schema + "." + table;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LakeTable)) {
            return false;
        }
        LakeTable other = (LakeTable) o;
        return schema.equals(other.schema) && table.equals(other.table) && primaryKey.equals(other.primaryKey)
                && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table, primaryKey, columns);
    }

    @Override
    public String toString() {
        return name() + " " + primaryKey + " " + columns;
    }
}
