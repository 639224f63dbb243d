package dev.pgflink.local.bench;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.CaptureRunner;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.pgoutput.PgOutputDecoder;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.render.DmsChangeRenderer;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.capture.render.RenderedRecord;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalPostgres;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The capture's rates on embedded PostgreSQL 17 and kinesalite:
 * <ol>
 * <li>PostgreSQL → DMS JSON without Kinesis: replication stream, decode, render;</li>
 * <li>kinesalite's own PutRecords rate for the same records (the ceiling);</li>
 * <li>PostgreSQL commits → records accepted by Kinesis, through the capture;</li>
 * <li>one transaction of ROWS_IN_ONE_TX rows through the capture, with the heap the JVM was given
 * (run with {@code -Dbench.heap=512m} to check it stays within 512 MB).</li>
 * </ol>
 * Run: {@code ./mvnw -q -pl local -Pbench test-compile exec:exec -Dbench.main=dev.pgflink.local.bench.CaptureBench
 * -Dbench.args="CHANGES ROWS_IN_ONE_TX" -Dbench.heap=512m}
 */
public final class CaptureBench {
    private CaptureBench() {
    }

    public static void main(String[] args) {
        try {
            run(args.length > 0 ? Integer.parseInt(args[0]) : 500_000, args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(int changes, int rowsInOneTransaction) throws Exception {
        System.out.printf("heap limit %,d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        try (LocalPostgres postgres = LocalPostgres.start(); Kinesalite kinesis = Kinesalite.start();
                KinesisClient client = kinesis.newClient()) {
            sql(postgres, "CREATE SCHEMA bench", "CREATE TABLE bench.orders (id int PRIMARY KEY, order_number varchar(50), "
                    + "customer_name varchar(100), status varchar(20), total_amount numeric(10,2), "
                    + "payment_status varchar(20), delivery_address text, created_at timestamp, restaurant_id int4)",
                    "CREATE PUBLICATION bench FOR TABLE bench.orders");
            createSlot(postgres, "warm_up");
            createSlot(postgres, "decode_only");

            long insertStart = System.nanoTime();
            insert(postgres, 0, changes, 1_000);
            System.out.printf("inserted %,d rows (1,000 per transaction) in %.1f s%n", changes, seconds(insertStart));

            // 1. replication stream → decode → render, no Kinesis; a first pass warms the JIT up
            decodeAndRender(postgres, "warm_up", changes, r -> { });
            List<RenderedRecord> rendered = new ArrayList<>(changes);
            long decodeStart = System.nanoTime();
            decodeAndRender(postgres, "decode_only", changes, rendered::add);
            double decodeSeconds = seconds(decodeStart);
            System.out.printf("PostgreSQL -> DMS JSON (stream, decode, render; second pass): %,d changes in %.2f s = "
                    + "%,.0f changes/s%n",
                    changes, decodeSeconds, changes / decodeSeconds);

            // 2. the emulator's own PutRecords rate for the same records
            kinesis.createStream(client, "ceiling", 4);
            KinesisBatchWriter direct = new KinesisBatchWriter(client, "ceiling", r -> { });
            long putStart = System.nanoTime();
            rendered.forEach(direct::add);
            direct.flush();
            double putSeconds = seconds(putStart);
            System.out.printf("kinesalite PutRecords alone, same records: %,d in %.1f s = %,.0f records/s%n",
                    changes, putSeconds, changes / putSeconds);
            rendered.clear();

            // 3. commits → records accepted by Kinesis, through the capture
            kinesis.createStream(client, "capture", 4);
            double captureSeconds = capture(postgres, kinesis, "capture", changes, () -> insert(postgres, changes, changes, 1_000));
            System.out.printf("capture, commits -> accepted by kinesalite: %,d changes in %.1f s = %,.0f changes/s%n",
                    changes, captureSeconds, changes / captureSeconds);

            // 4. one big transaction
            kinesis.createStream(client, "big", 4);
            double bigSeconds = capture(postgres, kinesis, "big", rowsInOneTransaction,
                    () -> insert(postgres, 2 * changes, rowsInOneTransaction, rowsInOneTransaction));
            Runtime rt = Runtime.getRuntime();
            System.out.printf("one transaction of %,d rows through the capture in %.1f s; heap limit %,d MB, "
                    + "used at the end %,d MB%n", rowsInOneTransaction, bigSeconds, rt.maxMemory() / (1024 * 1024),
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        }
    }

    private interface Workload {
        void run() throws Exception;
    }

    /** Starts the capture, runs the workload, and times until it has put {@code expected} records. */
    private static double capture(LocalPostgres postgres, KinesisService kinesis, String stream, int expected,
            Workload workload) throws Exception {
        CaptureRunner runner = new CaptureRunner(CaptureOptions.builder()
                .jdbcUrl(postgres.jdbcUrl()).user(postgres.user()).password("")
                .slot("s_" + stream).publication("bench")
                .stream(stream).region("us-east-1").kinesisEndpoint(kinesis.endpoint())
                .credentials(KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY)
                .tables(new TableSelection(List.of("bench.orders"), List.of()))
                .dms(DmsSettings.defaults().withMessageFormat(MessageFormat.JSON_UNFORMATTED))
                .flushInterval(Duration.ofMillis(200)).progressInterval(Duration.ofSeconds(60))
                .build());
        Thread thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        thread.start();
        Thread.sleep(2_000);
        long start = System.nanoTime();
        workload.run();
        while (runner.recordsPut() < expected) {
            Thread.sleep(20);
            if (!thread.isAlive()) {
                throw new IllegalStateException("the capture stopped");
            }
        }
        double seconds = seconds(start);
        runner.stop(30, TimeUnit.SECONDS);
        return seconds;
    }

    private static void decodeAndRender(LocalPostgres postgres, String slot, int expected,
            java.util.function.Consumer<RenderedRecord> out) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        PGProperty.USER.set(properties, postgres.user());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        PGProperty.OPTIONS.set(properties, "-c DateStyle=ISO,MDY -c TimeZone=UTC");
        try (Connection replication = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), properties)) {
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                    .logical().withSlotName(slot).withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "bench").start();
            DmsChangeRenderer renderer = new DmsChangeRenderer(DmsSettings.defaults()
                    .withMessageFormat(MessageFormat.JSON_UNFORMATTED), Clock.systemUTC(), oid -> Set.of("id"));
            int[] count = {0};
            while (count[0] < expected) {
                ByteBuffer buffer = stream.readPending();
                if (buffer == null) {
                    Thread.sleep(1);
                    continue;
                }
                PgOutputMessage message = PgOutputDecoder.decode(buffer);
                renderer.accept(message, r -> {
                    count[0]++;
                    out.accept(r);
                });
            }
            stream.close();
        }
    }

    private static void createSlot(LocalPostgres postgres, String slot) throws Exception {
        sql(postgres, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    private static void insert(LocalPostgres postgres, int from, int count, int perTransaction) throws Exception {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            for (int start = from; start < from + count; start += perTransaction) {
                int end = Math.min(from + count, start + perTransaction) - 1;
                st.execute("INSERT INTO bench.orders SELECT g, (2150000 + g)::text, 'Customer ' || g, 'Pending', "
                        + "27.30, 'Paid', '258 Willow St, Springfield', now(), 1 FROM generate_series(" + start + ", "
                        + end + ") g");
            }
        }
    }

    private static void sql(LocalPostgres postgres, String... statements) throws Exception {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
