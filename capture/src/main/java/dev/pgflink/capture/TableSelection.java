package dev.pgflink.capture;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which tables are captured, in the spirit of DMS selection rules: {@code schema.table} patterns
 * where {@code %} (as in DMS) or {@code *} matches any run of characters. A table is selected
 * when it matches an include pattern and no exclude pattern. System schemas are never selected.
 */
public final class TableSelection {
    private static final List<String> SYSTEM_SCHEMAS = List.of("pg_catalog", "information_schema", "pg_toast");

    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public TableSelection(List<String> includes, List<String> excludes) {
        this.includes = compile(includes.isEmpty() ? List.of("%.%") : includes);
        this.excludes = compile(excludes);
    }

    public static TableSelection all() {
        return new TableSelection(List.of(), List.of());
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(TableSelection::compile).collect(Collectors.toList());
    }

    private static Pattern compile(String pattern) {
        if (!pattern.contains(".")) {
            throw new IllegalArgumentException("table pattern must be schema.table (with % or * as wildcards): '"
                    + pattern + "'");
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%' || c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    public boolean selects(String schema, String table) {
        if (SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)) || schema.startsWith("pg_temp")) {
            return false;
        }
        String name = schema + "." + table;
        return includes.stream().anyMatch(p -> p.matcher(name).matches())
                && excludes.stream().noneMatch(p -> p.matcher(name).matches());
    }
}
