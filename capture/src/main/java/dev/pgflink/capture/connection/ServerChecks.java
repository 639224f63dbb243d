package dev.pgflink.capture.connection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Start-up checks that turn the usual set-up mistakes into messages a user can act on. */
public final class ServerChecks {
    private ServerChecks() {
    }

    public static void requireLogicalReplication(Connection sql, String url) throws SQLException {
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                throw new IllegalStateException("PostgreSQL at " + url + " runs with wal_level=" + level
                        + "; logical replication needs wal_level=logical (set it in postgresql.conf, or "
                        + "rds.logical_replication=1 on RDS, and restart the server)");
            }
        }
    }

    public static void requireStream(KinesisClient kinesis, String stream) {
        try {
            StreamStatus status = kinesis.describeStreamSummary(r -> r.streamName(stream))
                    .streamDescriptionSummary().streamStatus();
            if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
                throw new IllegalStateException("Kinesis stream " + stream + " is " + status + ", not ACTIVE");
            }
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("Kinesis stream " + stream + " does not exist; create it first", e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot reach Kinesis to check stream " + stream + ": " + e.getMessage(), e);
        }
    }

    /** Adds what to do to the PostgreSQL errors a capture meets at start. */
    public static SQLException explain(SQLException e, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String hint = switch (state) {
            case "42501" -> "user " + user + " may not create replication slots: grant it the REPLICATION attribute "
                    + "(ALTER ROLE " + user + " WITH REPLICATION) or use a superuser";
            case "55000" -> "the server is not set up for logical replication (wal_level=logical, max_replication_slots, "
                    + "max_wal_senders)";
            case "28000", "28P01" -> "check the user and password, and pg_hba.conf for a 'replication' entry";
            case "08001", "08004", "08006" -> "is PostgreSQL running and reachable at that address?";
            default -> null;
        };
        return hint == null ? e : new SQLException(e.getMessage() + " — " + hint, e.getSQLState(), e);
    }
}
