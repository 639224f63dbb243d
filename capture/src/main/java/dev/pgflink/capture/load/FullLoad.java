package dev.pgflink.capture;

import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.capture.render.DmsChangeRenderer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial load of the selected tables (DMS "full load and CDC"), read in one transaction on
 * the snapshot the slot exported when it was created: every row committed before the slot's
 * starting point is loaded, every later change is streamed, so nothing is missed or doubled at the
 * hand-over. Rows are read with a cursor, so memory stays flat whatever the table's size.
 */
final class FullLoad {
    private static final Logger LOG = LoggerFactory.getLogger(FullLoad.class);
    private static final int FETCH_SIZE = 10_000;

    private FullLoad() {
    }

    /** Loads every selected table; returns the number of rows. */
    static long run(Connection sql, String snapshot, List<String[]> tables, DmsChangeRenderer renderer,
            KinesisBatchWriter writer, LongConsumer progress) throws SQLException {
        boolean autoCommit = sql.getAutoCommit();
        sql.setAutoCommit(false);
        long rows = 0;
        try (Statement st = sql.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
            for (String[] table : tables) {
                rows += loadTable(sql, table[0], table[1], renderer, writer, progress, rows);
            }
            writer.flush();
            sql.commit();
        } catch (SQLException | RuntimeException e) {
            sql.rollback();
            throw e;
        } finally {
            sql.setAutoCommit(autoCommit);
        }
        return rows;
    }

    private static long loadTable(Connection sql, String schema, String table, DmsChangeRenderer renderer,
            KinesisBatchWriter writer, LongConsumer progress, long loadedBefore) throws SQLException {
        List<Column> columns = new ArrayList<>();
        Set<String> primaryKey = new LinkedHashSet<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod, "
                + "coalesce(i.indisprimary, false) FROM pg_attribute a "
                + "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey) "
                + "WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), (int) rs.getLong(2), rs.getInt(3), rs.getBoolean(4)));
                    if (rs.getBoolean(4)) {
                        primaryKey.add(rs.getString(1));
                    }
                }
            }
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            // ::text gives PostgreSQL's own text form, the same the replication stream carries.
            select.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name())).append("::text");
        }
        select.append(" FROM ").append(quote(schema)).append('.').append(quote(table));
        long rows = 0;
        try (Statement st = sql.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(select.toString())) {
                String[] values = new String[columns.size()];
                while (rs.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getString(i + 1);
                    }
                    writer.add(renderer.load(schema, table, columns, primaryKey, values));
                    rows++;
                    if (rows % FETCH_SIZE == 0) {
                        progress.accept(loadedBefore + rows);
                    }
                }
            }
        }
        LOG.info("full load of {}.{}: {} rows", schema, table, rows);
        return rows;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
