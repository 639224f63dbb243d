package dev.pgflink.capture;

import dev.pgflink.capture.ddl.DdlRenderer;
import dev.pgflink.capture.ddl.TableShape;
import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.pgoutput.PgOutputDecoder;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.render.DmsChangeRenderer;
import dev.pgflink.capture.render.RenderedRecord;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * The capture loop: PostgreSQL logical replication (pgoutput) → DMS records → Kinesis.
 *
 * <p>No loss across restarts: the slot position is acknowledged only at a transaction's commit,
 * and only after every record up to it has been accepted by Kinesis. After a crash the changes
 * since the last acknowledged commit are sent again: duplicates are possible, as with DMS.
 */
public final class CaptureRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRunner.class);

    private final CaptureOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean stopping;
    private volatile long acknowledgedLsn;
    private volatile KinesisBatchWriter writer;

    public CaptureRunner(CaptureOptions options) {
        this.options = options;
    }

    /** Runs until {@link #stop()}; checks the server, the stream, the publication and the slot first. */
    public void run() throws SQLException {
        try (Connection sql = connect(false); KinesisClient kinesis = kinesisClient()) {
            ServerChecks.requireLogicalReplication(sql, options.jdbcUrl());
            ServerChecks.requireStream(kinesis, options.stream());
            List<String[]> tables = selectedTables(sql);
            ensurePublication(sql, tables);
            if (options.dms().includeTableAlterOperations()) {
                installDdlCapture(sql);
            }
            DmsChangeRenderer renderer = new DmsChangeRenderer(options.dms(), Clock.systemUTC(), oid -> primaryKey(sql, oid));
            KinesisBatchWriter batches = new KinesisBatchWriter(kinesis, options.stream(), this::reportOversize);
            writer = batches;
            try (Connection replication = connect(true)) {
                String snapshot = ensureSlot(sql, replication);
                if (snapshot != null) {
                    long rows = FullLoad.run(sql, snapshot, tables, renderer, batches,
                            loaded -> LOG.info("full load: {} rows put", loaded));
                    markFullLoadDone(sql, rows);
                    changes.addAndGet(rows);
                    LOG.info("full load done: {} rows; streaming changes from the slot", rows);
                }
                stream(sql, replication, renderer, batches);
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Asks the loop to flush, acknowledge and return; waits for it up to the timeout. */
    public boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        stopping = true;
        return stopped.await(timeout, unit);
    }

    public long changesCaptured() {
        return changes.get();
    }

    public long recordsPut() {
        KinesisBatchWriter current = writer;
        return current == null ? 0 : current.recordsPut();
    }

    public long acknowledgedLsn() {
        return acknowledgedLsn;
    }

    private void stream(Connection sql, Connection replication, DmsChangeRenderer renderer, KinesisBatchWriter batches)
            throws SQLException {
        DdlRenderer ddl = new DdlRenderer(options.dms(), options.tables(), options.slot(), Clock.systemUTC());
        if (options.dms().includeTableAlterOperations()) {
            currentShapes(sql).forEach(ddl::know);
        }
        PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                .replicationStream().logical()
                .withSlotName(options.slot())
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", options.publication())
                .withSlotOption("messages", "true")
                .withStatusInterval(10, TimeUnit.SECONDS)
                .start();
        long lastCommitEnd = 0;
        long lastFlush = System.nanoTime();
        long nextProgress = System.nanoTime() + options.progressInterval().toNanos();
        java.util.function.Consumer<RenderedRecord> put = record -> {
            changes.incrementAndGet();
            batches.add(record);
        };
        try {
            while (!stopping) {
                ByteBuffer buffer = stream.readPending();
                boolean flushDue;
                if (buffer == null) {
                    // Idle: send what is waiting and let the slot go up to the last commit.
                    flushDue = lastCommitEnd > acknowledgedLsn || batches.pendingRecords() > 0;
                } else {
                    PgOutputMessage message = PgOutputDecoder.decode(buffer);
                    renderer.accept(message, put);
                    ddl.accept(message, put);
                    if (message instanceof PgOutputMessage.LogicalMessage logical) {
                        publishNewTable(sql, logical);
                    } else if (message instanceof PgOutputMessage.Truncate truncate) {
                        // As DMS: its PostgreSQL source does not capture TRUNCATE, so no record is sent.
                        LOG.warn("TRUNCATE of {} relation(s) is not sent (DMS does not capture TRUNCATE from "
                                + "PostgreSQL); downstream copies keep the removed rows", truncate.relationIds().size());
                    }
                    flushDue = false;
                    if (message instanceof PgOutputMessage.Commit commit) {
                        lastCommitEnd = commit.endLsn();
                        flushDue = batches.pendingRecords() >= KinesisBatchWriter.MAX_RECORDS_PER_CALL
                                || System.nanoTime() - lastFlush > options.flushInterval().toNanos();
                    }
                }
                if (flushDue) {
                    batches.flush();
                    acknowledge(stream, lastCommitEnd);
                    lastFlush = System.nanoTime();
                }
                if (System.nanoTime() > nextProgress) {
                    progress(sql, batches);
                    nextProgress = System.nanoTime() + options.progressInterval().toNanos();
                }
                if (buffer == null) {
                    Thread.sleep(5);
                }
            }
            batches.flush();
            acknowledge(stream, lastCommitEnd);
            progress(sql, batches);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
        }
    }

    /** Everything up to this commit is in Kinesis: the slot may let it go. */
    private void acknowledge(PGReplicationStream stream, long commitEndLsn) throws SQLException {
        if (commitEndLsn > acknowledgedLsn) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(commitEndLsn);
            stream.setAppliedLSN(lsn);
            stream.setFlushedLSN(lsn);
            stream.forceUpdateStatus();
            acknowledgedLsn = commitEndLsn;
        }
    }

    private void progress(Connection sql, KinesisBatchWriter batches) {
        String lag = "?";
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '"
                        + LogSequenceNumber.valueOf(acknowledgedLsn).asString() + "'::pg_lsn")) {
            if (rs.next()) {
                lag = String.format("%,d bytes", rs.getLong(1));
            }
        } catch (SQLException e) {
            lag = "unknown (" + e.getMessage() + ")";
        }
        LOG.info("captured {} changes, put {} records ({} resent for ordering, {} oversize), acknowledged {}, "
                + "lag behind the server {}", changes.get(), batches.recordsPut(), batches.recordsResent(),
                batches.oversizeRecords(), LogSequenceNumber.valueOf(acknowledgedLsn).asString(), lag);
    }

    private void reportOversize(RenderedRecord record) {
        LOG.error("a change of {} is {} bytes as a DMS record, over Kinesis' 1 MiB limit: it is NOT in the stream "
                + "(DMS cannot send it either; commit LSN {})", record.partitionKey(), record.data().length,
                LogSequenceNumber.valueOf(record.commitLsn()).asString());
    }

    /** pgoutput carries no DDL: the event trigger of {@code ddl-capture.sql} writes it into the WAL. */
    private static void installDdlCapture(Connection sql) throws SQLException {
        String script;
        try (var in = DdlRenderer.class.getResourceAsStream("ddl-capture.sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("ddl-capture.sql is missing from the capture jar", e);
        }
        try (Statement st = sql.createStatement()) {
            st.execute(script);
        } catch (SQLException e) {
            throw new SQLException("cannot install the DDL event trigger (IncludeTableAlterOperations needs a "
                    + "superuser): " + e.getMessage(), e.getSQLState(), e);
        }
        LOG.info("DDL capture installed (event triggers pgflink_table_ddl, pgflink_table_drop)");
    }

    /** The shape of every selected table now, so that the first ALTER of each can be told apart. */
    private List<TableShape> currentShapes(Connection sql) throws SQLException {
        List<TableShape> shapes = new ArrayList<>();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT n.nspname, c.relname, pgflink.table_shape(c.oid)::text FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')")) {
            while (rs.next()) {
                if (options.tables().selects(rs.getString(1), rs.getString(2))) {
                    shapes.add(TableShape.parse(rs.getString(3).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        return shapes;
    }

    /**
     * A new table that the selection covers joins the publication, so its changes are captured from
     * the next transaction on (changes committed before this runs are not in the slot's output).
     */
    private void publishNewTable(Connection sql, PgOutputMessage.LogicalMessage message) throws SQLException {
        if (!DdlRenderer.MESSAGE_PREFIX.equals(message.prefix())) {
            return;
        }
        TableShape shape = TableShape.parse(message.content());
        if (shape.tag().startsWith("CREATE") && options.tables().selects(shape.schema(), shape.table())) {
            try (Statement st = sql.createStatement()) {
                st.execute("ALTER PUBLICATION " + options.publication() + " ADD TABLE " + quote(shape.schema()) + "."
                        + quote(shape.table()));
                LOG.info("new table {}.{} added to publication {}", shape.schema(), shape.table(), options.publication());
            } catch (SQLException e) {
                // 42710: already in the publication. 42P01: dropped again before we got to it.
                if ("42P01".equals(e.getSQLState())) {
                    LOG.info("new table {}.{} was dropped before it could join the publication", shape.schema(),
                            shape.table());
                } else if (!"42710".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static java.util.Set<String> primaryKey(Connection sql, int relationOid) {
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                + "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ? AND i.indisprimary")) {
            ps.setInt(1, relationOid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the primary key of relation " + relationOid + ": "
                    + e.getMessage(), e);
        }
        return columns;
    }

    private List<String[]> selectedTables(Connection sql) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                        + "ORDER BY 1, 2")) {
            while (rs.next()) {
                if (options.tables().selects(rs.getString(1), rs.getString(2))) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no table matches the selection (--include/--exclude); nothing to capture");
        }
        return tables;
    }

    private void ensurePublication(Connection sql, List<String[]> selected) throws SQLException {
        List<String> tables = new ArrayList<>();
        selected.forEach(t -> tables.add(quote(t[0]) + "." + quote(t[1])));
        boolean exists;
        try (PreparedStatement ps = sql.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, options.publication());
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        try (Statement st = sql.createStatement()) {
            st.execute((exists ? "ALTER PUBLICATION " + options.publication() + " SET TABLE "
                    : "CREATE PUBLICATION " + options.publication() + " FOR TABLE ") + String.join(", ", tables));
        }
        LOG.info("publication {} covers {} table(s)", options.publication(), tables.size());
    }

    /**
     * Reuses the slot, or creates it. Returns the snapshot the new slot exported when a full load
     * is due, else null. A slot whose full load never finished (the capture died during it) is
     * dropped and made again: the load starts over.
     */
    private String ensureSlot(Connection sql, Connection replication) throws SQLException {
        String plugin = null;
        try (PreparedStatement ps = sql.prepareStatement(
                "SELECT plugin FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, options.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    plugin = rs.getString(1);
                }
            }
        }
        if (plugin != null && !"pgoutput".equals(plugin)) {
            throw new IllegalStateException("replication slot " + options.slot() + " uses plugin " + plugin
                    + ", not pgoutput; choose another --slot");
        }
        if (plugin != null && options.fullLoad() && !fullLoadDone(sql)) {
            LOG.warn("the full load for slot {} never finished: dropping the slot and loading again", options.slot());
            try (Statement st = sql.createStatement()) {
                st.execute("SELECT pg_drop_replication_slot('" + options.slot() + "')");
            }
            plugin = null;
        }
        if (plugin != null) {
            LOG.info("resuming from replication slot {}", options.slot());
            return null;
        }
        org.postgresql.replication.ReplicationSlotInfo slot;
        try {
            slot = replication.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(options.slot()).withOutputPlugin("pgoutput").make();
        } catch (SQLException e) {
            throw ServerChecks.explain(e, options.user());
        }
        LOG.info("created replication slot {} at {}", options.slot(), slot.getConsistentPoint());
        return options.fullLoad() ? slot.getSnapshotName() : null;
    }

    private boolean fullLoadDone(Connection sql) throws SQLException {
        try (Statement st = sql.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS pgflink");
            st.execute("CREATE TABLE IF NOT EXISTS pgflink.full_load (slot text PRIMARY KEY, rows bigint NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now())");
        }
        try (PreparedStatement ps = sql.prepareStatement("SELECT 1 FROM pgflink.full_load WHERE slot = ?")) {
            ps.setString(1, options.slot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void markFullLoadDone(Connection sql, long rows) throws SQLException {
        fullLoadDone(sql);
        try (PreparedStatement ps = sql.prepareStatement("INSERT INTO pgflink.full_load (slot, rows) VALUES (?, ?) "
                + "ON CONFLICT (slot) DO UPDATE SET rows = excluded.rows, finished_at = now()")) {
            ps.setString(1, options.slot());
            ps.setLong(2, rows);
            ps.execute();
        }
    }

    private Connection connect(boolean replication) throws SQLException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, options.user());
        if (options.password() != null) {
            PGProperty.PASSWORD.set(properties, options.password());
        }
        // Values reach the capture as text; these settings make that text ISO dates and UTC times.
        PGProperty.OPTIONS.set(properties, "-c DateStyle=ISO,MDY -c TimeZone=UTC -c IntervalStyle=postgres "
                + "-c extra_float_digits=1");
        if (replication) {
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
            PGProperty.REPLICATION.set(properties, "database");
            PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        }
        try {
            return DriverManager.getConnection(options.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw ServerChecks.explain(e, options.user());
        }
    }

    private KinesisClient kinesisClient() {
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(Region.of(options.region()))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8))
                .credentialsProvider(options.accessKey() == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(options.accessKey(),
                                options.secretKey())));
        if (options.kinesisEndpoint() != null) {
            builder.endpointOverride(options.kinesisEndpoint());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot create the Kinesis client: " + e.getMessage(), e);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
