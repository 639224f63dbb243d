package dev.pgflink.core.lake;

import java.util.List;
import java.util.Objects;

/** One view of a table, rendered for one engine: its qualified name, its query and the columns it gives. */
public final class LakeView {
    private final String name;
    private final String query;
    private final List<LakeColumn> columns;

    LakeView(String name, String query, List<LakeColumn> columns) {
        this.name = Objects.requireNonNull(name, "name");
        this.query = Objects.requireNonNull(query, "query");
        this.columns = List.copyOf(columns);
    }

    /** Qualified and quoted, e.g. {@code "delivery"."orders_current"}. */
    public String name() {
        return name;
    }

    /** The SELECT that defines the view (what Athena keeps as a view's original SQL). */
    public String query() {
        return query;
    }

    /** The view's columns in order, with the SQL types the query gives them. */
    public List<LakeColumn> columns() {
        return columns;
    }

    /** {@code CREATE OR REPLACE VIEW name AS query}, as DuckDB and Athena both accept it. */
    public String createStatement() {
        return "CREATE OR REPLACE VIEW " + name + " AS\n" + query;
    }
}
