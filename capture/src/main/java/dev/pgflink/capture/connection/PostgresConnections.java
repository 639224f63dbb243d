package dev.pgflink.capture.connection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * Opens the capture's two kinds of PostgreSQL connection: ordinary ones (catalog, full load,
 * bookkeeping) and one in replication mode (the slot). Both see values as the renderers expect.
 */
public final class PostgresConnections {
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /** @param password null to send none */
    public PostgresConnections(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public Connection open() throws SQLException {
        return connect(false);
    }

    /** A connection in logical replication mode ({@code replication=database}). */
    public Connection openReplication() throws SQLException {
        return connect(true);
    }

    private Connection connect(boolean replication) throws SQLException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, user);
        if (password != null) {
            PGProperty.PASSWORD.set(properties, password);
        }
        // Values reach the capture as text; these settings make that text ISO dates and UTC times.
        PGProperty.OPTIONS.set(properties, "-c DateStyle=ISO,MDY -c TimeZone=UTC -c IntervalStyle=postgres "
                + "-c extra_float_digits=1");
        if (replication) {
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
            PGProperty.REPLICATION.set(properties, "database");
            PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        }
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw ServerChecks.explain(e, user);
        }
    }
}
