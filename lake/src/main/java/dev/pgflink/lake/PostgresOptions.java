package dev.pgflink.lake;

import dev.pgflink.capture.connection.PostgresConnections;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** The source database's options, for the commands that need it ({@code @Mixin}). */
public final class PostgresOptions {
    @Option(names = "--postgres-url", required = true, paramLabel = "JDBC_URL",
            description = "The source database, e.g. jdbc:postgresql://127.0.0.1:5432/postgres.")
    String url;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    String user;

    @Option(names = "--postgres-password", defaultValue = "${env:PGPASSWORD:-postgres}",
            description = "Default: $PGPASSWORD, else postgres.")
    String password;

    /** A connection opened as the capture opens them (ISO dates, UTC). */
    Connection open() throws SQLException {
        return new PostgresConnections(url, user, password).open();
    }
}
