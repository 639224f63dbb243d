package dev.pgflink.core.lake;

import java.util.Locale;
import java.util.Objects;

/**
 * Athena reads one flat Glue database, so a source table's names carry its schema:
 * {@code "pgflink"."delivery__orders"} (its change lines), {@code "pgflink"."delivery__orders_changes"},
 * {@code "pgflink"."delivery__orders_current"}. Glue and Athena keep names in lower case with
 * letters, digits and underscores only
 * (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html), so other
 * characters become {@code _}, in table and column names alike; two tables, or two columns, whose
 * names meet that way cannot both be defined.
 */
public final class AthenaNaming implements ViewNaming {
    private final String database;

    public AthenaNaming(String database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public String database() {
        return database;
    }

    /** The Glue table over a source table's change lines: {@code delivery__orders}. */
    public static String tableName(LakeTable table) {
        return glueName(table.schema()) + "__" + glueName(table.table());
    }

    public static String changesViewName(LakeTable table) {
        return tableName(table) + "_changes";
    }

    public static String currentViewName(LakeTable table) {
        return tableName(table) + "_current";
    }

    /** A name as Glue keeps it: lower case, letters, digits and underscores. */
    public static String glueName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The table of a source table's change lines, as the views read it. */
    public String source(LakeTable table) {
        return qualified(tableName(table));
    }

    @Override
    public String changesView(LakeTable table) {
        return qualified(changesViewName(table));
    }

    @Override
    public String currentView(LakeTable table) {
        return qualified(currentViewName(table));
    }

    /**
     * A column as Glue keeps it ({@link #glueName}): the views read the Glue table's columns by
     * these names (the Glue table maps each one that differs back to its JSON key) and give their
     * own columns these names.
     */
    @Override
    public String column(String name) {
        return SqlText.quote(glueName(name));
    }

    private String qualified(String name) {
        return SqlText.quote(database) + "." + SqlText.quote(name);
    }
}
