package dev.pgflink.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded PostgreSQL when this JVM dies without closing it ({@code kill -9}, a crash).
 *
 * <p>{@code pg_ctl} daemonizes the server, so it does not die with its parent, and PostgreSQL has
 * no parent-death option. A small shell process polls this JVM's pid and, once it is gone, asks
 * the postmaster (pid from {@code postmaster.pid}) for a fast shutdown, then removes a throwaway
 * data directory. The emulators do the same from their Node preload.
 */
final class PostgresWatchdog implements AutoCloseable {
    // Ctrl-C and a closed terminal reach the whole process group: the JVM handles them and closes
    // the server itself, and the watchdog must outlive them in case the JVM is killed afterwards.
    private static final String SCRIPT = "trap '' INT HUP; "
            + "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
            + "pid=$(head -n 1 \"$2/postmaster.pid\" 2>/dev/null); "
            + "if [ -n \"$pid\" ]; then kill -INT \"$pid\" 2>/dev/null; "
            + "for i in $(seq 1 100); do kill -0 \"$pid\" 2>/dev/null || break; sleep 0.1; done; "
            + "kill -QUIT \"$pid\" 2>/dev/null; fi; "
            + "if [ \"$3\" = remove ]; then rm -rf \"$2\"; fi";

    private final Process process;

    private PostgresWatchdog(Process process) {
        this.process = process;
    }

    static PostgresWatchdog start(Path dataDirectory, boolean removeDirectory) {
        try {
            Process process = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "pgflink-postgres-watchdog",
                    Long.toString(ProcessHandle.current().pid()), dataDirectory.toAbsolutePath().toString(),
                    removeDirectory ? "remove" : "keep"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new PostgresWatchdog(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PostgreSQL watchdog (sh): " + e.getMessage(), e);
        }
    }

    /** The server was stopped in order: the watchdog is no longer needed. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
