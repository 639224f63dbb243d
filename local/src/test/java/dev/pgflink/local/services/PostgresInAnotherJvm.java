package dev.pgflink.local.services;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a throwaway PostgreSQL and waits to be killed: a JVM the test can {@code kill -9}.
 * Prints the server's data directory and postmaster pid, then {@code ready}.
 */
public final class PostgresInAnotherJvm {
    private PostgresInAnotherJvm() {
    }

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.start();
        try (var sql = postgres.connect(); var rs = sql.createStatement().executeQuery(
                "SELECT current_setting('data_directory'), pg_postmaster_start_time()")) {
            rs.next();
            Path directory = Path.of(rs.getString(1));
            String pid = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim();
            System.out.println(directory);
            System.out.println(pid);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
