package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row's state while its changes are applied in order (docs/lake.md, "Rebuilding a table"),
 * with the columns whose value the change log cannot tell and why.
 */
final class RowState {
    /** Why a column's value is not known exactly from the change log. */
    enum Unknown {
        /** IncludeNullAndEmpty off: an update left the column out, so it is NULL or an unchanged TOAST value. */
        NULL_OR_UNCHANGED_TOAST("left out of an update: NULL, or an unchanged TOAST value (IncludeNullAndEmpty off)"),
        /** ADD COLUMN: the value PostgreSQL gave existing rows (the column's DEFAULT) is in no record. */
        ADDED_COLUMN("added by DDL: the value existing rows got (DEFAULT) is not in the change log"),
        /** An update or delete with no insert or load before it: the columns it leaves out are unknown. */
        NO_INSERT("the row's insert is not in the change log: columns no change named are unknown");

        final String reason;

        Unknown(String reason) {
            this.reason = reason;
        }
    }

    private final SourceTable table;
    private final boolean includeNullAndEmpty;
    private Map<String, JsonNode> row;
    private final Map<String, Unknown> unknown = new HashMap<>();
    private boolean partial;

    RowState(SourceTable table, boolean includeNullAndEmpty) {
        this.table = table;
        this.includeNullAndEmpty = includeNullAndEmpty;
    }

    boolean exists() {
        return row != null;
    }

    void apply(String operation, FlatLine line) {
        switch (operation) {
            case "insert", "load" -> {
                row = new LinkedHashMap<>();
                unknown.clear();
                partial = false;
                line.forEachColumn(this::set);
            }
            case "update" -> update(line);
            case "delete" -> {
                row = null;
                unknown.clear();
                partial = false;
            }
            default -> throw new IllegalArgumentException("not a data operation: " + operation);
        }
    }

    private void update(FlatLine line) {
        if (row == null) {
            row = new LinkedHashMap<>();
            partial = true;
        }
        List<String> named = new ArrayList<>();
        line.forEachColumn((column, value) -> {
            named.add(column);
            set(column, value);
        });
        for (String column : new ArrayList<>(row.keySet())) {
            if (named.contains(column) || includeNullAndEmpty) {
                continue; // with IncludeNullAndEmpty a NULL is written, so left out means unchanged
            }
            if (table.mayBeToasted(column)) {
                unknown.putIfAbsent(column, Unknown.NULL_OR_UNCHANGED_TOAST);
            } else {
                row.remove(column);
                unknown.remove(column);
            }
        }
        if (!includeNullAndEmpty) {
            // An added column with a still-unknown DEFAULT, left out again: DMS leaves out NULLs.
            unknown.entrySet().removeIf(e -> e.getValue() == Unknown.ADDED_COLUMN && !named.contains(e.getKey())
                    && !table.mayBeToasted(e.getKey()));
        }
    }

    private void set(String column, JsonNode value) {
        unknown.remove(column);
        if (value == null || value.isNull()) {
            row.remove(column);
        } else {
            row.put(column, value);
        }
    }

    void apply(DdlChange ddl) {
        if (row == null) {
            return;
        }
        if (ddl.dropsTable()) {
            row = null;
            unknown.clear();
            return;
        }
        ddl.renamed().forEach((from, to) -> {
            JsonNode value = row.remove(from);
            if (value != null) {
                row.put(to, value);
            }
            Unknown why = unknown.remove(from);
            if (why != null) {
                unknown.put(to, why);
            }
        });
        for (String column : ddl.dropped()) {
            row.remove(column);
            unknown.remove(column);
        }
        for (String column : ddl.added()) {
            if (!row.containsKey(column)) {
                unknown.put(column, Unknown.ADDED_COLUMN);
            }
        }
    }

    String rowJson() {
        return Values.rowJson(row);
    }

    /** {@code {"column": "reason name"}} for the columns the change log cannot tell, or null. */
    String unknownJson() {
        if (unknown.isEmpty() && !partial) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        new java.util.TreeMap<>(unknown).forEach((column, why) -> out.put(column, why.name()));
        if (partial) {
            out.put("*", Unknown.NO_INSERT.name());
        }
        return Values.write(out);
    }
}
