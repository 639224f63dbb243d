package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.capture.load.TableReader;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.capture.render.PgValueRenderer;
import dev.pgflink.capture.render.TableRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * PostgreSQL's own rows of the compared tables, read as the capture's full load reads them
 * ({@link TableReader}: {@code ::text} through a cursor) and rendered as DMS renders them
 * ({@link PgValueRenderer}), into DuckDB's {@code pg_rows}.
 */
final class PostgresRows {
    static final String CREATE = "CREATE TABLE pg_rows (tbl VARCHAR, pk VARCHAR, row_json VARCHAR)";

    private PostgresRows() {
    }

    /**
     * @param sql a connection opened as the capture opens them (ISO dates, UTC), autocommit off
     * @return rows read per table
     */
    static Map<String, Long> load(Connection sql, List<SourceTable> tables, boolean noHexPrefix, LakeDatabase db)
            throws SQLException {
        db.execute(CREATE);
        PgValueRenderer renderer = new PgValueRenderer(noHexPrefix);
        Map<String, Long> counts = new HashMap<>();
        TableReader reader = new TableReader(sql);
        try (DuckDBConnection connection = db.duplicate();
                DuckDBAppender out = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pg_rows")) {
            for (SourceTable table : tables) {
                counts.put(table.name(), 0L);
                SQLException[] failure = {null};
                reader.read(new TableId(table.schema(), table.table()), row -> {
                    if (failure[0] == null) {
                        try {
                            append(out, table, row, renderer);
                            counts.merge(table.name(), 1L, Long::sum);
                        } catch (SQLException e) {
                            failure[0] = e;
                        }
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            out.flush();
        } finally {
            sql.rollback();
        }
        return counts;
    }

    private static void append(DuckDBAppender out, SourceTable table, TableRow row, PgValueRenderer renderer)
            throws SQLException {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (int i = 0; i < row.columns().size(); i++) {
            Column column = row.columns().get(i);
            String text = row.values().get(i);
            if (text != null) {
                values.put(column.name(), renderer.render(column.typeOid(), column.typeModifier(), text));
            }
        }
        List<JsonNode> key = new ArrayList<>();
        for (String column : table.primaryKey()) {
            key.add(values.get(column));
        }
        out.beginRow();
        out.append(table.name());
        out.append(Values.keyJson(key));
        out.append(Values.rowJson(values));
        out.endRow();
    }
}
