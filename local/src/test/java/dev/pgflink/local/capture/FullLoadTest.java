package dev.pgflink.local.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.PostgresService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Full load of 100,000 rows while writes go on: after the hand-over to CDC every row is present
 * exactly once, and replaying the stream gives the table's final state, by key and value.
 */
@ExtendWith(LocalServicesExtension.class)
class FullLoadTest {
    private static final int ROWS = 100_000;

    @Test
    void loadAndChangesMeetWithoutGapsOrDoubles(PostgresService postgres, Kinesalite kinesis) throws Exception {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS load_test");
            st.execute("CREATE TABLE load_test.accounts (id int PRIMARY KEY, balance int NOT NULL)");
            st.execute("INSERT INTO load_test.accounts SELECT g, 0 FROM generate_series(0, " + (ROWS - 1) + ") g");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger nextId = new AtomicInteger(ROWS);
        Thread writer = new Thread(() -> write(postgres, writing, nextId), "writer");
        writer.start();
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("load_test.accounts"),
                DmsSettings.defaults().withMessageFormat(MessageFormat.JSON_UNFORMATTED), true)) {
            // The capture loads while the writer keeps changing rows; let it run past the hand-over.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (capture.runner().changesCaptured() < ROWS + 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            writing.set(false);
            writer.join();
            Map<Integer, Integer> expected = tableState(postgres);

            Map<Integer, Integer> replayed = new HashMap<>();
            Map<Integer, Integer> loads = new HashMap<>();
            Map<Integer, Integer> inserts = new HashMap<>();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            StreamTail tail = new StreamTail(kinesis.newClient(), capture.stream);
            DmsRecordParser parser = new DmsRecordParser();
            int consumed = 0;
            while (!replayed.equals(expected) && System.nanoTime() < deadline) {
                List<byte[]> records = tail.poll();
                for (; consumed < records.size(); consumed++) {
                    DmsRecord record = parser.parse(records.get(consumed)).record();
                    int id = record.data().get("id").asInt();
                    Operation op = record.metadata().operation();
                    if (op == Operation.DELETE) {
                        replayed.remove(id);
                    } else {
                        replayed.put(id, record.data().get("balance").asInt());
                    }
                    if (op == Operation.LOAD) {
                        loads.merge(id, 1, Integer::sum);
                    } else if (op == Operation.INSERT) {
                        inserts.merge(id, 1, Integer::sum);
                    }
                }
                Thread.sleep(200);
            }

            assertThat(loads.values()).containsOnly(1);
            assertThat(loads.keySet()).doesNotContainAnyElementsOf(inserts.keySet());
            assertThat(loads.size() + inserts.size()).as("rows loaded or inserted once").isEqualTo(nextId.get());
            assertThat(replayed).isEqualTo(expected);
            System.out.printf("full load: %,d rows loaded, %,d inserted during and after the load, %,d records "
                    + "replayed into the final state%n", loads.size(), inserts.size(), consumed);
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    /** Increments random balances and inserts new rows until told to stop. */
    private static void write(PostgresService postgres, AtomicBoolean writing, AtomicInteger nextId) {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            while (writing.get()) {
                int id = ThreadLocalRandom.current().nextInt(ROWS);
                st.execute("UPDATE load_test.accounts SET balance = balance + 1 WHERE id = " + id);
                st.execute("INSERT INTO load_test.accounts VALUES (" + nextId.getAndIncrement() + ", 1)");
                Thread.sleep(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Integer> tableState(PostgresService postgres) throws Exception {
        Map<Integer, Integer> state = new HashMap<>();
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, balance FROM load_test.accounts")) {
            while (rs.next()) {
                state.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return state;
    }
}
