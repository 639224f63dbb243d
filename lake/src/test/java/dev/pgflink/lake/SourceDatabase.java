package dev.pgflink.lake;

import dev.pgflink.capture.connection.PostgresConnections;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** An embedded PostgreSQL for the lake's tests, one per test class. */
final class SourceDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private SourceDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static SourceDatabase start() throws IOException {
        return new SourceDatabase(EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start());
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** A connection opened as the capture opens them (ISO dates, UTC). */
    Connection connect() throws SQLException {
        return new PostgresConnections(jdbcUrl(), "postgres", null).open();
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
