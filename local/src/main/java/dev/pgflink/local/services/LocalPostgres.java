package dev.pgflink.local.services;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL from Maven (embedded binaries, no system install), on 127.0.0.1, set up for logical
 * replication: {@code wal_level=logical}, replication slots and senders, and
 * {@code synchronous_commit=on} so a committed change reaches the replication stream at once.
 * The server does not outlive this JVM, even after {@code kill -9} (see {@link PostgresWatchdog}).
 */
public final class LocalPostgres implements PostgresService {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final PostgresWatchdog watchdog;
    private boolean closed;

    private LocalPostgres(EmbeddedPostgres postgres, PostgresWatchdog watchdog) {
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    /** Starts a throwaway server on a free loopback port. */
    public static LocalPostgres start() {
        return start(Loopback.freePort(), null);
    }

    /**
     * Starts a server on the given port. With a data directory the database is kept there and
     * reused by the next start; without one it is created in a temporary directory and removed.
     */
    public static LocalPostgres start(int port, Path dataDirectory) {
        Loopback.requireFree(port, "PostgreSQL");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("listen_addresses", Loopback.HOST)
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "20")
                .setServerConfig("max_replication_slots", "20")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100");
        try {
            // A directory of our own even for a throwaway server, so the watchdog knows where the
            // server's pid file is and what to remove.
            boolean throwaway = dataDirectory == null;
            Path directory = throwaway ? Files.createTempDirectory("pgflink-postgres-") : dataDirectory;
            builder.setDataDirectory(directory.toFile()).setCleanDataDirectory(throwaway);
            EmbeddedPostgres postgres = builder.start();
            return new LocalPostgres(postgres, PostgresWatchdog.start(directory, throwaway));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String host() {
        return Loopback.HOST;
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String database() {
        return DATABASE;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            watchdog.close();
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + jdbcUrl();
    }
}
