package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsTimestamps;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.core.dms.RecordType;
import dev.pgflink.core.flat.FlatFields;
import dev.pgflink.core.lake.SqlText;
import dev.pgflink.parity.PathOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one path's transformed lines into DuckDB's {@code changes} table, one row per data
 * record with the keys it is ordered by, and keeps the control (DDL) records, which are few, in
 * memory. Memory does not grow with the output: the lines are written to a tab-separated file
 * in the work directory, which DuckDB then reads in bulk (faster than its appender row by row).
 */
final class ChangeLog {
    /** What reading found besides the changes themselves. */
    record Contents(long lines, Map<String, Long> recordsByTable, Map<String, List<ControlLine>> controls,
            Map<String, Map<String, Long>> firstSeen, Map<String, Long> tablesWithoutKey, Map<String, Long> problems) {
    }

    /** A control record with its place in the order. */
    record ControlLine(ChangeOrder order, String operation, List<String> columnsAfter) {
    }

    private static final String COLUMNS = "tbl VARCHAR, pk VARCHAR, is_load BOOLEAN, lsn BIGINT, rid BIGINT, "
            + "ts BIGINT, seq BIGINT, line VARCHAR";

    private ChangeLog() {
    }

    static Contents load(PathOutput output, Map<String, SourceTable> tables, LakeDatabase db)
            throws IOException, SQLException {
        db.execute("CREATE TABLE changes (" + COLUMNS + ")");
        Set<String> keyColumns = new HashSet<>();
        tables.values().forEach(t -> t.primaryKey().forEach(c -> keyColumns.add(FlatFields.flatColumnName(c))));
        LineScanner scanner = new LineScanner(keyColumns);
        Map<String, Long> recordsByTable = new TreeMap<>();
        Map<String, List<ControlLine>> controls = new HashMap<>();
        Map<String, Map<String, Long>> firstSeen = new HashMap<>();
        Map<String, Long> withoutKey = new TreeMap<>();
        Map<String, Long> problems = new TreeMap<>();
        long[] sequence = {0};
        Path scratch = db.scratchFile("changes-", ".tsv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(scratch, StandardCharsets.UTF_8)) {
                StringBuilder row = new StringBuilder(1024);
                List<JsonNode> key = new ArrayList<>();
                output.readRecords(text -> {
                    long seq = sequence[0]++;
                    ChangeOrder order;
                    try {
                        scanner.scan(text);
                        if (scanner.timestamp == null) {
                            throw new IllegalArgumentException("no __timestamp");
                        }
                        order = new ChangeOrder(StreamPosition.commitLsn(scanner.streamPosition), scanner.recordId,
                                DmsTimestamps.parseMicros(scanner.timestamp), seq);
                    } catch (IllegalArgumentException | DateTimeException e) {
                        problems.merge("unreadable line: " + e.getMessage(), 1L, Long::sum);
                        return;
                    }
                    if (isEmpty(scanner.schema) || isEmpty(scanner.table)) {
                        problems.merge("a record without a table (task-level control records are not applied)", 1L,
                                Long::sum);
                        return;
                    }
                    String table = scanner.schema + "." + scanner.table;
                    if (isControl(scanner.operation)) {
                        controls.computeIfAbsent(table, t -> new ArrayList<>())
                                .add(new ControlLine(order, scanner.operation, scanner.definedColumns));
                        return;
                    }
                    SourceTable source = tables.get(table);
                    if (source == null) {
                        withoutKey.merge(table, 1L, Long::sum);
                        return;
                    }
                    if (table.indexOf('\t') >= 0 || table.indexOf('\n') >= 0 || table.indexOf('\r') >= 0) {
                        problems.merge("a table name with a tab or a line break", 1L, Long::sum);
                        return;
                    }
                    key.clear();
                    for (String column : source.primaryKey()) {
                        JsonNode value = scanner.keyValues.get(column);
                        if (value == null || value.isNull()) {
                            problems.merge(table + ": a " + scanner.operation + " record without its primary key column "
                                    + column, 1L, Long::sum);
                            return;
                        }
                        key.add(value);
                    }
                    Map<String, Long> seen = firstSeen.computeIfAbsent(table, t -> new HashMap<>());
                    for (String column : scanner.columns) {
                        Long first = seen.get(column);
                        if (first == null || first > order.timestampMicros()) {
                            seen.put(column, order.timestampMicros());
                        }
                    }
                    recordsByTable.merge(table, 1L, Long::sum);
                    String keyJson = Values.keyJson(key);
                    String oldKey = "update".equals(scanner.operation) ? keyBefore(scanner.before, source) : null;
                    if (oldKey != null && !oldKey.equals(keyJson)) {
                        // The update moved the row to a new key: the old key's row is gone.
                        out.append(row(row, table, oldKey, order, false, MOVED_AWAY)).append('\n');
                    }
                    out.append(row(row, table, keyJson, order, "load".equals(scanner.operation), text)).append('\n');
                });
            }
            db.execute("INSERT INTO changes SELECT * FROM read_csv(" + SqlText.literal(scratch.toString())
                    + ", delim = '\t', quote = '', escape = '', header = false, nullstr = '\\N', auto_detect = false, "
                    + "max_line_size = 4194304, buffer_size = 16777216, columns = {'tbl': 'VARCHAR', 'pk': 'VARCHAR', 'is_load': 'BOOLEAN', "
                    + "'lsn': 'BIGINT', 'rid': 'BIGINT', 'ts': 'BIGINT', 'seq': 'BIGINT', 'line': 'VARCHAR'})");
        } finally {
            Files.deleteIfExists(scratch);
        }
        return new Contents(sequence[0], recordsByTable, controls, firstSeen, withoutKey, problems);
    }

    /** The line that stands for "the row left this key" (an update that changed the primary key). */
    private static final String MOVED_AWAY = "{\"__op\":\"delete\"}";

    private static StringBuilder row(StringBuilder row, String table, String key, ChangeOrder order, boolean load,
            String line) {
        row.setLength(0);
        row.append(table).append('\t').append(key).append('\t').append(load).append('\t');
        nullable(row, order.lsn()).append('\t');
        nullable(row, order.recordId()).append('\t');
        row.append(order.timestampMicros()).append('\t').append(order.sequence()).append('\t');
        // Tabs and carriage returns can stand raw in JSON only as whitespace between tokens.
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            row.append(c == '\t' || c == '\r' ? ' ' : c);
        }
        return row;
    }

    /** The key in an update's before-image, when it holds every key column; else null. */
    private static String keyBefore(JsonNode before, SourceTable table) {
        if (before == null || !before.isObject()) {
            return null;
        }
        List<JsonNode> key = new ArrayList<>();
        for (String column : table.primaryKey()) {
            JsonNode value = before.get(column); // the before-image keeps the source names
            if (value == null || value.isNull()) {
                return null;
            }
            key.add(value);
        }
        return Values.keyJson(key);
    }

    /** Whether the operation is a DDL one, which control records carry. */
    private static boolean isControl(String operation) {
        Operation known = operation == null ? null : Operation.fromWireName(operation);
        return known != null && known.recordType() == RecordType.CONTROL;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static StringBuilder nullable(StringBuilder row, Long value) {
        return value == null ? row.append("\\N") : row.append(value.longValue());
    }
}
