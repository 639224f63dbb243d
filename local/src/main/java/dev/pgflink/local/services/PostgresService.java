package dev.pgflink.local.services;

import dev.pgflink.capture.connection.PostgresConnections;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/** A PostgreSQL server with logical replication enabled ({@code wal_level=logical}). */
public interface PostgresService extends AutoCloseable {

    String host();

    int port();

    String database();

    String user();

    String password();

    default String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }

    /** An ordinary connection. */
    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /**
     * An ordinary connection as the capture opens it ({@link PostgresConnections}): ISO dates and
     * UTC times, so values read here compare with the captured ones as text.
     */
    default Connection connectAsCapture() throws SQLException {
        return new PostgresConnections(jdbcUrl(), user(), password()).open();
    }

    /** True while a client (the capture) holds the logical replication slot of that name. */
    default boolean replicationSlotActive(String slot) throws SQLException {
        try (Connection sql = connect();
                java.sql.PreparedStatement ps = sql.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** A replication connection, as a logical decoding client (the capture) opens it. */
    default Connection connectForReplication() throws SQLException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, user());
        PGProperty.PASSWORD.set(properties, password());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    @Override
    void close();
}
