package dev.pgflink.lake;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.lake.SqlText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds each table's current state from the {@code changes} DuckDB holds: DuckDB sorts the
 * changes by table, primary key and DMS order (spilling to disk within its memory limit), and
 * one streamed pass applies each key's changes, with its table's DDL in between, and writes the
 * rows that exist at the end to a file that DuckDB then reads into {@code rebuilt}. (Appending to
 * DuckDB while a streamed result is open on the same database slows every append to a crawl.)
 * The JVM holds one row and the DDL at a time.
 */
final class StateRebuilder {
    static final String CREATE = "CREATE TABLE rebuilt (tbl VARCHAR, pk VARCHAR, row_json VARCHAR, unknown_json VARCHAR)";

    /**
     * A table that DMS loads again starts over at the last load run holding a key an earlier run
     * loaded too (docs/lake.md); runs are split by the table's other changes in time order.
     */
    private static final String RELOADS = "CREATE TABLE reloads AS "
            + "WITH marked AS (SELECT tbl, pk, ts, seq, is_load, CASE WHEN is_load AND NOT lag(is_load, 1, false) "
            + "  OVER (PARTITION BY tbl ORDER BY ts, seq) THEN 1 ELSE 0 END AS starts FROM changes), "
            + "runs AS (SELECT tbl, pk, ts, sum(starts) OVER (PARTITION BY tbl ORDER BY ts, seq "
            + "  ROWS UNBOUNDED PRECEDING) AS run FROM marked WHERE is_load), "
            + "repeated AS (SELECT r.tbl, max(r.run) AS run FROM runs r JOIN runs e "
            + "  ON e.tbl = r.tbl AND e.pk = r.pk AND e.run < r.run GROUP BY r.tbl) "
            + "SELECT runs.tbl, min(runs.ts) AS start FROM runs JOIN repeated USING (tbl, run) GROUP BY runs.tbl";

    private static final String ORDERED = "SELECT c.tbl, c.pk, c.is_load, c.lsn, c.rid, c.ts, c.seq, c.line "
            + "FROM changes c LEFT JOIN reloads r ON r.tbl = c.tbl WHERE r.start IS NULL OR c.ts >= r.start "
            + "ORDER BY c.tbl, c.pk, c.is_load DESC, c.lsn NULLS LAST, c.rid NULLS LAST, c.ts, c.seq";

    /** What one rebuild found: the tables that DMS loaded again, rebuilt from their last load. */
    record Result(Set<String> reloadedTables) {
    }

    private StateRebuilder() {
    }

    static Result rebuild(LakeDatabase db, Map<String, SourceTable> tables, Map<String, List<DdlChange>> ddl,
            boolean includeNullAndEmpty) throws SQLException, IOException {
        db.execute(CREATE);
        db.execute(RELOADS);
        Map<String, Long> reloadStart = new HashMap<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT tbl, start FROM reloads")) {
            while (rs.next()) {
                reloadStart.put(rs.getString(1), rs.getLong(2));
            }
        }
        Path spill = db.scratchFile("rebuilt-", ".jsonl");
        try (Connection reader = db.duplicate();
                JsonGenerator out = DmsJson.factory().createGenerator(
                        new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16), JsonEncoding.UTF8);
                Statement st = reader.createStatement();
                ResultSet rs = st.executeQuery(ORDERED)) {
            out.setRootValueSeparator(new SerializedString("\n"));
            KeyFold fold = null;
            while (rs.next()) {
                String table = rs.getString(1);
                String key = rs.getString(2);
                if (fold == null || !fold.is(table, key)) {
                    if (fold != null) {
                        fold.finish(out);
                    }
                    List<DdlChange> tableDdl = ddl.getOrDefault(table, List.of());
                    Long start = reloadStart.get(table);
                    if (start != null) {
                        tableDdl = tableDdl.stream().filter(d -> d.order().timestampMicros() >= start).toList();
                    }
                    fold = new KeyFold(table, key, new RowState(tables.get(table), includeNullAndEmpty), tableDdl);
                }
                Long lsn = (Long) rs.getObject(4);
                Long recordId = (Long) rs.getObject(5);
                fold.apply(FlatLine.parse(rs.getString(8)), new ChangeOrder(lsn, recordId, rs.getLong(6), rs.getLong(7)));
            }
            if (fold != null) {
                fold.finish(out);
            }
        }
        try {
            db.execute("INSERT INTO rebuilt SELECT tbl, pk, row_json, unknown_json FROM read_json("
                    + SqlText.literal(spill.toString()) + ", format = 'newline_delimited', "
                    + "maximum_object_size = 8388608, columns = {tbl: 'VARCHAR', pk: 'VARCHAR', "
                    + "row_json: 'VARCHAR', unknown_json: 'VARCHAR'})");
        } finally {
            Files.deleteIfExists(spill);
        }
        return new Result(Set.copyOf(reloadStart.keySet()));
    }

    /** One key's changes, with its table's DDL applied where each falls in the order. */
    private static final class KeyFold {
        private final String table;
        private final String key;
        private final RowState state;
        private final List<DdlChange> ddl;
        private int nextDdl;

        KeyFold(String table, String key, RowState state, List<DdlChange> ddl) {
            this.table = table;
            this.key = key;
            this.state = state;
            this.ddl = ddl;
        }

        boolean is(String table, String key) {
            return this.table.equals(table) && this.key.equals(key);
        }

        void apply(FlatLine line, ChangeOrder order) {
            while (nextDdl < ddl.size() && ChangeOrder.DMS_ORDER.compare(ddl.get(nextDdl).order(), order) < 0) {
                state.apply(ddl.get(nextDdl++));
            }
            state.apply(line.operation(), line);
        }

        void finish(JsonGenerator out) throws IOException {
            while (nextDdl < ddl.size()) {
                state.apply(ddl.get(nextDdl++));
            }
            if (!state.exists()) {
                return;
            }
            out.writeStartObject();
            out.writeStringField("tbl", table);
            out.writeStringField("pk", key);
            out.writeStringField("row_json", state.rowJson());
            out.writeStringField("unknown_json", state.unknownJson());
            out.writeEndObject();
        }
    }
}
