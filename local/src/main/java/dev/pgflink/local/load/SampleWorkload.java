package dev.pgflink.local.load;

import dev.pgflink.local.services.PostgresService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the local pipeline commits in PostgreSQL: the nine sample orders in {@code delivery.orders}
 * (before the capture starts, which loads them), then the load generator's changes, on a
 * connection of its own.
 */
public final class SampleWorkload implements AutoCloseable {
    public static final String TABLE = SampleOrders.SCHEMA + ".orders";
    private static final long SEED = 42;

    /** Rows the capture delivers before the generator's changes: its full load, or none when it resumes a slot. */
    private final long loadedRows;
    private final Connection connection;
    private final LoadGenerator generator;

    private SampleWorkload(long loadedRows, Connection connection, LoadGenerator generator) {
        this.loadedRows = loadedRows;
        this.connection = connection;
        this.generator = generator;
    }

    /** Creates {@link #TABLE} unless it exists (before the capture starts, so it is captured). */
    public static void createTable(PostgresService postgres) throws SQLException {
        try (Connection sql = postgres.connect()) {
            SampleOrders.createTable(sql, SampleOrders.SCHEMA);
        }
    }

    /** The rows {@link #TABLE} holds now. */
    public static long rows(PostgresService postgres) throws SQLException {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Inserts the nine sample orders, those not there already (before the capture starts, so that
     * a full load carries them), and returns how many it inserted.
     */
    public static long insertSampleOrders(PostgresService postgres) throws SQLException {
        try (Connection sql = postgres.connect()) {
            return SampleOrders.insertNine(sql, TABLE);
        }
    }

    /**
     * Starts the generator.
     *
     * @param loadedRows records the capture delivers before the generator's changes: its full load,
     *        or, when it resumed a slot, the sample orders inserted as changes
     * @param maxChanges stop after this many changes (0: no limit)
     * @param ddlAfter add a column after this many changes (0: never)
     */
    public static SampleWorkload start(PostgresService postgres, long loadedRows, double perSecond, long maxChanges,
            long ddlAfter) throws SQLException {
        Connection connection = postgres.connect();
        try {
            LoadGenerator generator = new LoadGenerator(connection, TABLE, perSecond, maxChanges, ddlAfter, SEED);
            return new SampleWorkload(loadedRows, connection, generator.start());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Records the capture must deliver: the rows it loaded, then each generated change and DDL. */
    public long changesCommitted() {
        return loadedRows + generator.changes() + generator.ddlStatements();
    }

    public LoadGenerator generator() {
        return generator;
    }

    /** Stops the generator after its transaction in progress and closes its connection. Safe to call twice. */
    @Override
    public void close() throws InterruptedException, SQLException {
        generator.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "the load generator on " + TABLE;
    }
}
