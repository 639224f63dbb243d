package dev.pgflink.lake;

import dev.pgflink.parity.PathOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds every table's current state from one path's change log and compares it with
 * PostgreSQL's rows (docs/lake.md). The change log and both sides' rows live in an embedded DuckDB
 * database under the work directory, within its memory limit; the JVM holds one row at a time.
 */
public final class StateCheck {
    /**
     * @param includeNullAndEmpty the DMS endpoint setting the change log was written with: on, a
     *        column left out of an update is unchanged; off (DMS's default), it is NULL, or an
     *        unchanged TOAST value when its type is variable-length
     * @param noHexPrefix the DMS setting NoHexPrefix, for rendering PostgreSQL's bytea
     * @param memoryLimit DuckDB's memory limit, as DuckDB writes it ({@code 1GB})
     * @param threads DuckDB's threads
     * @param examples examples kept per table
     * @param workDirectory where DuckDB's database and spill files go (deleted afterwards)
     */
    public record Settings(boolean includeNullAndEmpty, boolean noHexPrefix, String memoryLimit, int threads,
            int examples, Path workDirectory) {
        public static Settings defaults(Path workDirectory) {
            return new Settings(false, false, "1GB", 2, 10, workDirectory);
        }

        public Settings withIncludeNullAndEmpty(boolean on) {
            return new Settings(on, noHexPrefix, memoryLimit, threads, examples, workDirectory);
        }
    }

    private StateCheck() {
    }

    private static long lap(Map<String, Long> phases, String name, long since) {
        long now = System.nanoTime();
        phases.put(name, (now - since) / 1_000_000);
        return now;
    }

    /**
     * @param postgres a connection opened as the capture opens them
     *        ({@code dev.pgflink.capture.connection.PostgresConnections}); left in autocommit off
     * @param primaryKeys primary keys by {@code schema.table} that override or add to the catalog's
     * @param onlyTables the tables to compare; empty for every table the change log holds
     */
    public static StateReport run(PathOutput output, Connection postgres, Map<String, List<String>> primaryKeys,
            List<String> onlyTables, Settings settings) throws IOException, SQLException {
        long started = System.nanoTime();
        Map<String, SourceTable> catalog = PostgresTables.read(postgres);
        Map<String, SourceTable> tables = new LinkedHashMap<>(catalog);
        primaryKeys.forEach((name, key) -> {
            SourceTable known = catalog.get(name);
            tables.put(name, known == null ? SourceTable.named(name, key)
                    : new SourceTable(known.schema(), known.table(), key, known.toastable()));
        });
        try (LakeDatabase db = LakeDatabase.create(settings.workDirectory(), settings.memoryLimit(), settings.threads())) {
            Map<String, Long> phases = new LinkedHashMap<>();
            long phase = System.nanoTime();
            ChangeLog.Contents log = ChangeLog.load(output, tables, db);
            phase = lap(phases, "read", phase);
            TreeSet<String> scope = new TreeSet<>(onlyTables);
            if (scope.isEmpty()) {
                scope.addAll(log.recordsByTable().keySet());
                log.controls().keySet().stream().filter(tables::containsKey).forEach(scope::add);
            }
            if (scope.isEmpty()) {
                throw new IllegalArgumentException("nothing to compare: " + output.location()
                        + " holds no record of a table with a known primary key (name tables with --table)");
            }
            Map<String, List<DdlChange>> ddl = new TreeMap<>();
            log.controls().forEach((table, controls) ->
                    ddl.put(table, DdlChanges.derive(controls, log.firstSeen().getOrDefault(table, Map.of()))));
            StateRebuilder.Result rebuilt = StateRebuilder.rebuild(db, tables, ddl, settings.includeNullAndEmpty());
            phase = lap(phases, "rebuild", phase);

            List<SourceTable> inPostgres = new ArrayList<>();
            Map<String, TableComparison> comparisons = new LinkedHashMap<>();
            Map<String, Long> notCompared = new TreeMap<>(log.tablesWithoutKey());
            for (String name : scope) {
                if (!tables.containsKey(name)) {
                    notCompared.putIfAbsent(name, 0L);
                    continue;
                }
                TableComparison comparison = new TableComparison(name, settings.examples());
                comparison.reloaded = rebuilt.reloadedTables().contains(name);
                comparisons.put(name, comparison);
                if (catalog.containsKey(name)) {
                    inPostgres.add(tables.get(name));
                }
            }
            boolean autoCommit = postgres.getAutoCommit();
            postgres.setAutoCommit(false);
            try {
                PostgresRows.load(postgres, inPostgres, settings.noHexPrefix(), db);
            } finally {
                postgres.setAutoCommit(autoCommit);
            }
            phase = lap(phases, "postgres", phase);
            StateComparer.compare(db, comparisons);
            lap(phases, "compare", phase);
            return new StateReport(output.name(), output.location(), log.lines(), comparisons, notCompared,
                    log.problems(), (System.nanoTime() - started) / 1_000_000, phases);
        }
    }
}
