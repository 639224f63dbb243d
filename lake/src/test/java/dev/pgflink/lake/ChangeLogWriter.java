package dev.pgflink.lake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes a change log as the Flink path lays it out in a directory ({@code transformed/} for data
 * lines, {@code control/} for DDL lines), each change with the transaction details DMS adds: the
 * test's stand-in for the capture and the transform, so that a test states a history line by line.
 */
final class ChangeLogWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final java.time.format.DateTimeFormatter DMS_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final String schema;
    private final String table;
    private final List<ObjectNode> data = new ArrayList<>();
    private final List<ObjectNode> control = new ArrayList<>();
    private long lsn = 0x1_0000_0000L;
    private long xid = 1000;
    private Instant clock = Instant.parse("2026-11-27T10:00:00Z");
    private boolean transactionDetails = true;

    ChangeLogWriter(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** DMS's IncludeTransactionDetails off: no record id, no stream position. */
    ChangeLogWriter withoutTransactionDetails() {
        transactionDetails = false;
        return this;
    }

    /** One transaction's data changes: {@code op} and columns per record ({@code null} values kept as JSON null). */
    ChangeLogWriter commit(Object... opAndRows) {
        xid++;
        lsn += 0x100;
        for (int i = 0; i < opAndRows.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Object> columns = (Map<String, Object>) opAndRows[i + 1];
            ObjectNode line = row(columns);
            line.put("__op", (String) opAndRows[i]);
            metadata(line);
            line.put("__transaction_id", xid);
            if (!transactionDetails) {
                data.add(line);
                continue;
            }
            line.put("__transaction_record_id", i / 2 + 1);
            line.put("__stream_position", String.format("%08X/%08X.%d.%08X/%08X", lsn >>> 32, lsn & 0xFFFFFFFFL,
                    i / 2 + 1, lsn >>> 32, lsn & 0xFFFFFFFFL));
            data.add(line);
        }
        return this;
    }

    /** A full load's rows: no transaction details, as DMS writes {@code load} records. */
    ChangeLogWriter load(Map<String, Object> row) {
        ObjectNode line = row(row);
        line.put("__op", "load");
        metadata(line);
        data.add(line);
        return this;
    }

    /** A control record with the table definition after it (IncludeControlDetails). */
    ChangeLogWriter ddl(String operation, String... columnsAfter) {
        xid++;
        ObjectNode line = NODES.objectNode();
        line.put("__op", operation);
        metadata(line);
        line.put("__transaction_id", xid);
        ObjectNode columns = line.putObject("__control").putObject("table-def").putObject("columns");
        for (String column : columnsAfter) {
            columns.putObject(column).put("type", "STRING");
        }
        control.add(line);
        return this;
    }

    /** Changes the data lines before they are written (a defect put into the output). */
    ChangeLogWriter edit(UnaryOperator<List<ObjectNode>> change) {
        List<ObjectNode> changed = change.apply(new ArrayList<>(data));
        data.clear();
        data.addAll(changed);
        return this;
    }

    List<ObjectNode> lines() {
        return data;
    }

    /** Writes {@code root/transformed/…} and {@code root/control/…}, lines shuffled over two files each. */
    Path writeTo(Path root) throws IOException {
        write(root.resolve("transformed").resolve(schema).resolve(table).resolve("window=20261127T100000Z"), data);
        write(root.resolve("control").resolve(schema).resolve(table).resolve("dt=2026-11-27"), control);
        return root;
    }

    private static void write(Path directory, List<ObjectNode> lines) throws IOException {
        Files.createDirectories(directory);
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        // The reader must not depend on line order: later lines go to the first file.
        for (int i = 0; i < lines.size(); i++) {
            (i % 2 == 0 ? second : first).append(Values.write(lines.get(i))).append('\n');
        }
        Files.writeString(directory.resolve("part-a-0.jsonl"), first, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("part-a-1.jsonl"), second, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("_manifest-a-0.json"), "{\"not\": \"records\"}\n");
    }

    private ObjectNode row(Map<String, Object> columns) {
        ObjectNode line = NODES.objectNode();
        columns.forEach((column, value) -> {
            if (value == null) {
                line.putNull(column);
            } else if (value instanceof Number number) {
                line.put(column, new java.math.BigDecimal(number.toString()));
            } else {
                line.put(column, value.toString());
            }
        });
        return line;
    }

    private void metadata(ObjectNode line) {
        clock = clock.plusMillis(1);
        line.put("__schema", schema);
        line.put("__table", table);
        line.put("__timestamp", DMS_TIME.format(clock));
    }
}
