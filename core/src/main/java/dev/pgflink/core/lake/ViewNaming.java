package dev.pgflink.core.lake;

/**
 * How one engine names a table's views and columns in SQL: the one template
 * ({@code table-views.sql}) is rendered with a naming per engine.
 */
public interface ViewNaming {
    /** The change-log view's name, qualified and quoted as the engine reads it. */
    String changesView(LakeTable table);

    /** The current-state view's name, qualified and quoted. */
    String currentView(LakeTable table);

    /** A column of the views, quoted. */
    String column(String name);
}
