package dev.pgflink.local.load;

import dev.pgflink.local.services.PostgresService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the local pipeline commits in PostgreSQL: the nine sample orders in {@code delivery.orders},
 * then the load generator's changes, on a connection of its own.
 */
public final class SampleWorkload implements AutoCloseable {
    public static final String TABLE = SampleOrders.SCHEMA + ".orders";
    private static final long SEED = 42;

    private final long sampleRows;
    private final Connection connection;
    private final LoadGenerator generator;

    private SampleWorkload(long sampleRows, Connection connection, LoadGenerator generator) {
        this.sampleRows = sampleRows;
        this.connection = connection;
        this.generator = generator;
    }

    /** Creates {@link #TABLE} unless it exists (before the capture starts, so it is captured). */
    public static void createTable(PostgresService postgres) throws SQLException {
        try (Connection sql = postgres.connect()) {
            SampleOrders.createTable(sql, SampleOrders.SCHEMA);
        }
    }

    /**
     * Inserts the sample orders and starts the generator.
     *
     * @param maxChanges stop after this many changes (0: no limit)
     * @param ddlAfter add a column after this many changes (0: never)
     */
    public static SampleWorkload start(PostgresService postgres, double perSecond, long maxChanges, long ddlAfter)
            throws SQLException {
        long sampleRows;
        try (Connection sql = postgres.connect()) {
            sampleRows = SampleOrders.insertNine(sql, TABLE);
        }
        Connection connection = postgres.connect();
        try {
            LoadGenerator generator = new LoadGenerator(connection, TABLE, perSecond, maxChanges, ddlAfter, SEED);
            return new SampleWorkload(sampleRows, connection, generator.start());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Rows committed that the capture must deliver, each one record: sample, generated, DDL. */
    public long changesCommitted() {
        return sampleRows + generator.changes() + generator.ddlStatements();
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
