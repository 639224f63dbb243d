package dev.pgflink.local.services;

import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A PostgreSQL the user already runs, given by JDBC URL. It must have {@code wal_level=logical}.
 * The URL is used as given (its parameters, such as {@code sslmode}, kept); the driver's own parser
 * checks it and names its parts.
 */
public record ExternalPostgres(String jdbcUrl, String host, int port, String database, String user, String password)
        implements PostgresService {

    public static ExternalPostgres of(String jdbcUrl, String user, String password) {
        Properties parts = Driver.parseURL(jdbcUrl, null);
        if (parts == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + jdbcUrl
                    + "' (expected jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        // A URL may list several hosts; the first is the one connected to first.
        String host = PGProperty.PG_HOST.getOrDefault(parts).split(",")[0];
        int port = Integer.parseInt(PGProperty.PG_PORT.getOrDefault(parts).split(",")[0]);
        return new ExternalPostgres(jdbcUrl, host, port, PGProperty.PG_DBNAME.getOrDefault(parts), user, password);
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
