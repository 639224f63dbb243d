package dev.pgflink.local.services;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PostgreSQL the user already runs, given by JDBC URL. It must have {@code wal_level=logical}. */
public record ExternalPostgres(String host, int port, String database, String user, String password)
        implements PostgresService {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(?:\\?.*)?");

    public static ExternalPostgres of(String jdbcUrl, String user, String password) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + jdbcUrl
                    + "' (expected jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        return new ExternalPostgres(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), m.group(3),
                user, password);
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
