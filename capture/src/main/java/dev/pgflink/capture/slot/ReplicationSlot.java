package dev.pgflink.capture.slot;

import dev.pgflink.capture.connection.ServerChecks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture's logical replication slot (plugin pgoutput): made or reused at start, with the
 * record of whether its full load finished ({@code pgflink.full_load}), and the stream of its
 * changes. A slot whose full load never finished is dropped and made again, so the load starts
 * over from a fresh snapshot.
 */
public final class ReplicationSlot {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlot.class);

    private final Connection sql;
    private final Connection replication;
    private final String name;
    private final String user;

    /**
     * @param sql an ordinary connection, for the catalog and the bookkeeping table
     * @param replication a connection in replication mode, to create the slot and stream from it
     * @param name a plain identifier (checked by {@code CaptureOptions}): it goes into SQL as it is
     * @param user named in the hint when the user may not create slots
     */
    public ReplicationSlot(Connection sql, Connection replication, String name, String user) {
        this.sql = sql;
        this.replication = replication;
        this.name = name;
        this.user = user;
    }

    public String name() {
        return name;
    }

    /**
     * Reuses the slot, or creates it. Returns the snapshot the new slot exported when a full load
     * is due, else empty.
     *
     * @param fullLoad whether the selected tables are to be loaded when the slot is new
     */
    public Optional<String> ensure(boolean fullLoad) throws SQLException {
        String plugin = plugin();
        if (plugin != null && !"pgoutput".equals(plugin)) {
            throw new IllegalStateException("replication slot " + name + " uses plugin " + plugin
                    + ", not pgoutput; choose another --slot");
        }
        if (plugin != null && fullLoad && !fullLoadDone()) {
            LOG.warn("the full load for slot {} never finished: dropping the slot and loading again", name);
            try (Statement st = sql.createStatement()) {
                st.execute("SELECT pg_drop_replication_slot('" + name + "')");
            }
            plugin = null;
        }
        if (plugin != null) {
            LOG.info("resuming from replication slot {}", name);
            return Optional.empty();
        }
        ReplicationSlotInfo slot;
        try {
            slot = replication.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(name).withOutputPlugin("pgoutput").make();
        } catch (SQLException e) {
            throw ServerChecks.explain(e, user);
        }
        LOG.info("created replication slot {} at {}", name, slot.getConsistentPoint());
        return fullLoad ? Optional.of(slot.getSnapshotName()) : Optional.empty();
    }

    /** The slot's output plugin, or null when there is no slot of that name. */
    private String plugin() throws SQLException {
        try (PreparedStatement ps = sql.prepareStatement("SELECT plugin FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Records that the full load from this slot's snapshot is complete: a restart streams, not loads. */
    public void markFullLoadDone(long rows) throws SQLException {
        fullLoadDone();
        try (PreparedStatement ps = sql.prepareStatement("INSERT INTO pgflink.full_load (slot, rows) VALUES (?, ?) "
                + "ON CONFLICT (slot) DO UPDATE SET rows = excluded.rows, finished_at = now()")) {
            ps.setString(1, name);
            ps.setLong(2, rows);
            ps.execute();
        }
    }

    /** Whether this slot's full load finished; creates the bookkeeping table when it is missing. */
    private boolean fullLoadDone() throws SQLException {
        try (Statement st = sql.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS pgflink");
            st.execute("CREATE TABLE IF NOT EXISTS pgflink.full_load (slot text PRIMARY KEY, rows bigint NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now())");
        }
        try (PreparedStatement ps = sql.prepareStatement("SELECT 1 FROM pgflink.full_load WHERE slot = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Starts streaming the slot's changes to the publication's tables, from where the slot was last
     * acknowledged. Logical messages are asked for: the DDL capture travels in them.
     */
    public PGReplicationStream stream(String publication) throws SQLException {
        return replication.unwrap(PGConnection.class).getReplicationAPI()
                .replicationStream().logical()
                .withSlotName(name)
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", publication)
                .withSlotOption("messages", "true")
                .withStatusInterval(10, TimeUnit.SECONDS)
                .start();
    }

    /** How many bytes of WAL the server has written past this position. */
    public long bytesBehind(long lsn) throws SQLException {
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '"
                        + LogSequenceNumber.valueOf(lsn).asString() + "'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
