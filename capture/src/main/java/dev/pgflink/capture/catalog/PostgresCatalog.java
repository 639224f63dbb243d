package dev.pgflink.capture.catalog;

import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.ddl.DdlRenderer;
import dev.pgflink.capture.ddl.TableShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the capture needs to know and set up in the database's catalog: the selected tables, the
 * publication that covers them, primary keys, the tables' current shapes and the DDL event
 * trigger. Uses the capture's ordinary (non-replication) connection.
 */
public final class PostgresCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCatalog.class);
    /** SQLSTATE duplicate_object: the table is already in the publication. */
    private static final String ALREADY_PUBLISHED = "42710";
    /** SQLSTATE undefined_table: the table was dropped before it could be added. */
    private static final String NO_SUCH_TABLE = "42P01";

    private final Connection sql;
    private final TableSelection selection;
    private final String publication;

    /** @param publication a plain identifier (checked by {@code CaptureOptions}): it goes into SQL as it is */
    public PostgresCatalog(Connection sql, TableSelection selection, String publication) {
        this.sql = sql;
        this.selection = selection;
        this.publication = publication;
    }

    public String publication() {
        return publication;
    }

    /** The base tables the selection covers, by schema and name; at least one. */
    public List<TableId> selectedTables() throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                        + "ORDER BY 1, 2")) {
            while (rs.next()) {
                if (selection.selects(rs.getString(1), rs.getString(2))) {
                    tables.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no table matches the selection (--include/--exclude); nothing to capture");
        }
        return tables;
    }

    /** Creates the publication for these tables, or sets an existing one to exactly them. */
    public void ensurePublication(List<TableId> tables) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = sql.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        String names = tables.stream().map(TableId::quoted).collect(Collectors.joining(", "));
        try (Statement st = sql.createStatement()) {
            st.execute((exists ? "ALTER PUBLICATION " + publication + " SET TABLE "
                    : "CREATE PUBLICATION " + publication + " FOR TABLE ") + names);
        }
        LOG.info("publication {} covers {} table(s)", publication, tables.size());
    }

    /**
     * A new table that the selection covers joins the publication, so its changes are captured from
     * the next transaction on (changes committed before this runs are not in the slot's output).
     *
     * @param shape a table as the DDL event trigger reported it; anything but a CREATE is left alone
     */
    public void publishNewTable(TableShape shape) throws SQLException {
        if (!shape.tag().startsWith("CREATE") || !selection.selects(shape.schema(), shape.table())) {
            return;
        }
        TableId table = new TableId(shape.schema(), shape.table());
        try (Statement st = sql.createStatement()) {
            st.execute("ALTER PUBLICATION " + publication + " ADD TABLE " + table.quoted());
            LOG.info("new table {}.{} added to publication {}", table.schema(), table.table(), publication);
        } catch (SQLException e) {
            if (NO_SUCH_TABLE.equals(e.getSQLState())) {
                LOG.info("new table {}.{} was dropped before it could join the publication", table.schema(),
                        table.table());
            } else if (!ALREADY_PUBLISHED.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** A table's primary key columns; empty when it has none. */
    public Set<String> primaryKey(int relationOid) {
        Set<String> columns = new LinkedHashSet<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                + "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ? AND i.indisprimary")) {
            ps.setInt(1, relationOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the primary key of relation " + relationOid + ": "
                    + e.getMessage(), e);
        }
        return columns;
    }

    /**
     * The shape of every selected table now, so that the first ALTER of each can be told apart.
     * Needs the functions {@link #installDdlCapture()} installs.
     */
    public List<TableShape> currentShapes() throws SQLException {
        List<TableShape> shapes = new ArrayList<>();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT n.nspname, c.relname, pgflink.table_shape(c.oid)::text FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')")) {
            while (rs.next()) {
                if (selection.selects(rs.getString(1), rs.getString(2))) {
                    shapes.add(TableShape.parse(rs.getString(3).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return shapes;
    }

    /** pgoutput carries no DDL: the event trigger of {@code ddl-capture.sql} writes it into the WAL. */
    public void installDdlCapture() throws SQLException {
        String script;
        try (InputStream in = DdlRenderer.class.getResourceAsStream("ddl-capture.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ddl-capture.sql is missing from the capture jar", e);
        }
        try (Statement st = sql.createStatement()) {
            st.execute(script);
        } catch (SQLException e) {
            throw new SQLException("cannot install the DDL event trigger (IncludeTableAlterOperations needs a "
                    + "superuser): " + e.getMessage(), e.getSQLState(), e);
        }
        LOG.info("DDL capture installed (event triggers pgflink_table_ddl, pgflink_table_drop)");
    }
}
