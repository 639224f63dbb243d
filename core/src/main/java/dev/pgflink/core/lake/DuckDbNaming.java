package dev.pgflink.core.lake;

/** DuckDB keeps PostgreSQL's schemas: {@code "delivery"."orders_changes"}, {@code "delivery"."orders_current"}. */
public final class DuckDbNaming implements ViewNaming {
    @Override
    public String changesView(LakeTable table) {
        return SqlText.quote(table.schema()) + "." + SqlText.quote(table.table() + "_changes");
    }

    @Override
    public String currentView(LakeTable table) {
        return SqlText.quote(table.schema()) + "." + SqlText.quote(table.table() + "_current");
    }

    @Override
    public String column(String name) {
        return SqlText.quote(name);
    }
}
