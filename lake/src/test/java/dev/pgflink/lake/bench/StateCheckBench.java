package dev.pgflink.lake.bench;

import dev.pgflink.capture.connection.PostgresConnections;
import dev.pgflink.lake.DirectoryPathOutput;
import dev.pgflink.lake.StateCheck;
import dev.pgflink.lake.StateReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;

/**
 * The state check's benchmark (docs/benchmarks.md), not a test: N changes over N/5 keys of an
 * orders-like table (inserts, then updates and deletes at random), written as the Flink path lays
 * them out, and the same final state in PostgreSQL; times {@link StateCheck#run} alone.
 *
 * <pre>./mvnw -q -pl lake -Pbench test-compile exec:exec -Dbench.args=1000000</pre>
 */
public final class StateCheckBench {
    private static final String[] STATUSES = {"Pending", "Preparing", "On the way", "Delivered"};
    private static final DateTimeFormatter DMS_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private StateCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String memoryLimit = args.length > 1 ? args[1] : "1GB";
        int keys = changes / 5;
        Path work = Files.createTempDirectory("state-bench-");
        int[] version = new int[keys];
        boolean[] alive = new boolean[keys];
        long started = System.nanoTime();
        Path output = writeChangeLog(work.resolve("flink"), changes, keys, version, alive);
        System.out.printf("wrote %,d changes over %,d keys (%,d MB) in %.1f s%n", changes, keys,
                size(output) / 1_000_000, (System.nanoTime() - started) / 1e9);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                .start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            try (Connection sql = new PostgresConnections(url, "postgres", null).open()) {
                loadFinalState(sql, version, alive);
                started = System.nanoTime();
                StateReport report = StateCheck.run(new DirectoryPathOutput(output, true), sql, Map.of(), List.of(),
                        new StateCheck.Settings(false, false, memoryLimit, 2, 10, work.resolve("duck")));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.print(report.summary());
                long peakHeap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
                System.out.printf("state check: %,d changes in %.1f s (%,.0f changes/s), heap max %d MiB "
                        + "(peak used %d MiB, generator's arrays included), DuckDB limit %s%n", changes, seconds,
                        changes / seconds, Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, memoryLimit);
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path writeChangeLog(Path root, int changes, int keys, int[] version, boolean[] alive)
            throws Exception {
        Path directory = Files.createDirectories(root.resolve("transformed/bench/orders/window=20261127T100000Z"));
        SplittableRandom random = new SplittableRandom(42);
        long lsn = 0x1_0000_0000L;
        int file = 0;
        BufferedWriter out = null;
        for (int i = 0; i < changes; i++) {
            if (i % 100_000 == 0) {
                if (out != null) {
                    out.close();
                }
                out = Files.newBufferedWriter(directory.resolve("part-bench-" + file++ + ".jsonl"), StandardCharsets.UTF_8);
            }
            int key;
            String op;
            if (i < keys) {
                key = i;
                op = "insert";
                alive[key] = true;
            } else {
                key = random.nextInt(keys);
                if (!alive[key]) {
                    op = "insert";
                    alive[key] = true;
                    version[key]++;
                } else if (random.nextInt(8) == 0) {
                    op = "delete";
                    alive[key] = false;
                } else {
                    op = "update";
                    version[key]++;
                }
            }
            lsn += 0x40;
            String position = String.format("%08X/%08X", lsn >>> 32, lsn & 0xFFFFFFFFL);
            StringBuilder line = new StringBuilder(400).append("{\"id\":").append(key);
            if (!op.equals("delete")) {
                row(line, key, version[key]);
            }
            line.append(",\"__op\":\"").append(op).append("\",\"__schema\":\"bench\",\"__table\":\"orders\",\"__timestamp\":\"")
                    .append(DMS_TIME.format(START.plusNanos(i * 1000L))).append("\",\"__transaction_id\":").append(1000 + i)
                    .append(",\"__transaction_record_id\":1,\"__stream_position\":\"").append(position).append(".1.")
                    .append(position).append("\"}\n");
            out.write(line.toString());
        }
        out.close();
        return root;
    }

    private static void row(StringBuilder line, int key, int version) {
        line.append(",\"customer_name\":\"Customer ").append(key).append("\",\"status\":\"")
                .append(STATUSES[version % STATUSES.length]).append("\",\"total_amount\":")
                .append(amount(key, version)).append(",\"delivery_address\":\"").append(key % 997)
                .append(" Willow St, Springfield\",\"delivery_notes\":\"version ").append(version)
                .append("\",\"updated_at\":\"").append(DMS_TIME.format(START.plusSeconds(version))).append('"');
    }

    private static String amount(int key, int version) {
        int cents = (key * 7 + version * 13) % 100_000;
        return cents % 100 == 0 ? Integer.toString(cents / 100)
                : new java.math.BigDecimal(cents).movePointLeft(2).stripTrailingZeros().toPlainString();
    }

    private static void loadFinalState(Connection sql, int[] version, boolean[] alive) throws Exception {
        try (Statement st = sql.createStatement()) {
            st.execute("CREATE SCHEMA bench");
            st.execute("CREATE TABLE bench.orders (id int PRIMARY KEY, customer_name varchar(100), status varchar(20), "
                    + "total_amount numeric(10,2), delivery_address text, delivery_notes text, updated_at timestamp)");
        }
        StringBuilder copy = new StringBuilder();
        for (int key = 0; key < version.length; key++) {
            if (alive[key]) {
                copy.append(key).append('\t').append("Customer ").append(key).append('\t')
                        .append(STATUSES[version[key] % STATUSES.length]).append('\t').append(amount(key, version[key]))
                        .append('\t').append(key % 997).append(" Willow St, Springfield\t").append("version ")
                        .append(version[key]).append('\t')
                        .append(START.plusSeconds(version[key]).toString().replace('T', ' ').replace("Z", "")).append('\n');
            }
        }
        sql.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench.orders FROM STDIN", new StringReader(copy.toString()));
    }

    private static long size(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
