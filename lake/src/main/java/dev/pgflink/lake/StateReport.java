package dev.pgflink.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.dms.DmsJson;
import java.util.Map;

/** The state check of one path: per table, PostgreSQL's rows against the rebuilt ones. */
public final class StateReport {
    private final String path;
    private final String location;
    private final long linesRead;
    private final Map<String, TableComparison> tables;
    private final Map<String, Long> notCompared;
    private final Map<String, Long> problems;
    private final long millis;
    private final Map<String, Long> phaseMillis;

    StateReport(String path, String location, long linesRead, Map<String, TableComparison> tables,
            Map<String, Long> notCompared, Map<String, Long> problems, long millis, Map<String, Long> phaseMillis) {
        this.path = path;
        this.location = location;
        this.linesRead = linesRead;
        this.tables = tables;
        this.notCompared = notCompared;
        this.problems = problems;
        this.millis = millis;
        this.phaseMillis = phaseMillis;
    }

    /** Every compared table equal, and every line read and applied. */
    public boolean equal() {
        return problems.isEmpty() && tables.values().stream().allMatch(TableComparison::equal);
    }

    public String path() {
        return path;
    }

    public Map<String, TableComparison> tables() {
        return tables;
    }

    /** Lines that could not be applied, by problem. */
    public Map<String, Long> problems() {
        return problems;
    }

    /** Records of tables outside the comparison (no primary key known), by table. */
    public Map<String, Long> notCompared() {
        return notCompared;
    }

    /** PostgreSQL's rows in the compared tables. */
    public long rows() {
        return tables.values().stream().mapToLong(TableComparison::postgresRows).sum();
    }

    /** {@code EQUAL (N rows in M tables)} or {@code DIFFERENT (…)}: the local pipeline's STATE line ends with it. */
    public String verdict() {
        if (equal()) {
            return String.format("EQUAL (%,d rows in %d %s)", rows(), tables.size(), tables.size() == 1 ? "table" : "tables");
        }
        long onlyPg = tables.values().stream().mapToLong(TableComparison::onlyInPostgres).sum();
        long onlyS3 = tables.values().stream().mapToLong(TableComparison::onlyInS3).sum();
        long differing = tables.values().stream().mapToLong(TableComparison::differing).sum();
        long problemLines = problems.values().stream().mapToLong(Long::longValue).sum();
        return String.format("DIFFERENT (%,d only in PostgreSQL, %,d only in S3, %,d differing, %,d lines not applied)",
                onlyPg, onlyS3, differing, problemLines);
    }

    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append("STATE ").append(path).append(": ").append(verdict()).append('\n');
        out.append(String.format("  %s: %,d lines, rebuilt and compared in %.1f s (", location, linesRead, millis / 1000.0));
        phaseMillis.forEach((phase, ms) -> out.append(String.format("%s %.1f s, ", phase, ms / 1000.0)));
        out.setLength(out.length() - 2);
        out.append(")\n");
        tables.values().forEach(t -> {
            out.append(String.format("  %s: postgres %,d rows, rebuilt %,d; only in PostgreSQL %,d, only in S3 %,d, "
                    + "differing %,d%s%n", t.table(), t.postgresRows(), t.rebuiltRows(), t.onlyInPostgres(),
                    t.onlyInS3(), t.differing(), t.reloaded ? " (reloaded: rebuilt from the last full load)" : ""));
            t.unverifiable().forEach((what, n) -> out.append(String.format("    not in the change log, taken from "
                    + "PostgreSQL: %,d x %s%n", n, what)));
            t.examples().forEach(e -> out.append("    ").append(Values.write(e)).append('\n'));
        });
        notCompared.forEach((t, n) -> out.append(String.format("  %s: %,d records not compared (no primary key known)%n", t, n)));
        problems.forEach((p, n) -> out.append(String.format("  %,d x %s%n", n, p)));
        return out.toString();
    }

    public byte[] toJsonBytes() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("path", path);
        out.put("location", location);
        out.put("equal", equal());
        out.put("verdict", verdict());
        out.put("lines_read", linesRead);
        out.put("millis", millis);
        ObjectNode phases = out.putObject("phase_millis");
        phaseMillis.forEach(phases::put);
        ObjectNode byTable = out.putObject("tables");
        tables.forEach((name, t) -> byTable.set(name, t.toJson()));
        ObjectNode skipped = out.putObject("not_compared");
        notCompared.forEach(skipped::put);
        ObjectNode notApplied = out.putObject("lines_not_applied");
        problems.forEach(notApplied::put);
        try {
            return DmsJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
