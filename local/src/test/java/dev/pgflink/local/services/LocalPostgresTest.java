package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

@ExtendWith(LocalServicesExtension.class)
class LocalPostgresTest {

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void isSetUpForLogicalReplicationOnLoopback(PostgresService postgres) throws SQLException {
        try (Connection connection = postgres.connect()) {
            assertThat(setting(connection, "wal_level")).isEqualTo("logical");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(connection, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Integer.parseInt(setting(connection, "max_replication_slots"))).isGreaterThanOrEqualTo(10);
        }
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void streamsACommittedInsertThroughAPgoutputSlot(PostgresService postgres) throws Exception {
        String slot = LocalServicesExtension.uniqueName("slot").replace('-', '_');
        String table = LocalServicesExtension.uniqueName("orders").replace('-', '_');
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, customer_name varchar(100) NOT NULL)");
            st.execute("CREATE PUBLICATION " + table + "_pub FOR TABLE " + table);
        }
        try (Connection replication = postgres.connectForReplication()) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput").make();
            try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
                st.execute("INSERT INTO " + table + " (customer_name) VALUES ('Olivia Moore')");
            }
            try (PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", table + "_pub")
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start()) {
                List<Character> messageTypes = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!messageTypes.contains('C') && System.nanoTime() < deadline) {
                    ByteBuffer message = stream.readPending();
                    if (message == null) {
                        Thread.sleep(10);
                        continue;
                    }
                    byte[] bytes = new byte[message.remaining()];
                    message.get(bytes);
                    char type = (char) bytes[0];
                    messageTypes.add(type);
                    if (type == 'I') {
                        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("Olivia Moore");
                    }
                }
                // Begin, Relation, Insert, Commit: pgoutput's protocol for one committed row.
                assertThat(messageTypes).containsSubsequence('B', 'R', 'I', 'C');
            }
        } finally {
            try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
                st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
    }
}
