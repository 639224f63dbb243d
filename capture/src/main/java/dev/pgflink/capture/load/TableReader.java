package dev.pgflink.capture.load;

import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.capture.render.TableRow;
import dev.pgflink.core.lake.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a table's rows through JDBC in PostgreSQL's own text form, the form the replication
 * stream carries, with a cursor so that memory stays flat whatever the table's size. Reads in the
 * connection's current transaction: the full load sets it to the slot's snapshot first. Public
 * because the lake's state check reads PostgreSQL's rows the same way (one reading, one rendering).
 */
public final class TableReader {
    static final int FETCH_SIZE = 10_000;

    private final Connection sql;

    public TableReader(Connection sql) {
        this.sql = sql;
    }

    /** Hands every row of the table to {@code rows}, in no particular order. */
    public void read(TableId table, Consumer<TableRow> rows) throws SQLException {
        List<Column> columns = columns(table);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            // ::text gives PostgreSQL's own text form, the same the replication stream carries.
            select.append(i == 0 ? "" : ", ").append(SqlText.quote(columns.get(i).name())).append("::text");
        }
        select.append(" FROM ").append(table.quoted());
        try (Statement st = sql.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(select.toString())) {
                while (rs.next()) {
                    String[] values = new String[columns.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getString(i + 1);
                    }
                    rows.accept(new TableRow(table.schema(), table.table(), columns,
                            Collections.unmodifiableList(Arrays.asList(values))));
                }
            }
        }
    }

    /** The table's live columns in order, with types; {@code key} marks the primary key's columns. */
    private List<Column> columns(TableId table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT a.attname, a.atttypid, a.atttypmod, "
                + "coalesce(i.indisprimary, false) FROM pg_attribute a "
                + "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey) "
                + "WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), (int) rs.getLong(2), rs.getInt(3), rs.getBoolean(4)));
                }
            }
        }
        return List.copyOf(columns);
    }
}
