package dev.pgflink.capture;

import dev.pgflink.capture.catalog.PostgresCatalog;
import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.capture.connection.KinesisClients;
import dev.pgflink.capture.connection.PostgresConnections;
import dev.pgflink.capture.connection.ServerChecks;
import dev.pgflink.capture.ddl.DdlRenderer;
import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.load.FullLoad;
import dev.pgflink.capture.render.DmsChangeRenderer;
import dev.pgflink.capture.render.DmsLoadRenderer;
import dev.pgflink.capture.slot.ReplicationSlot;
import dev.pgflink.capture.stream.CaptureProgress;
import dev.pgflink.capture.stream.ChangeStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The capture: PostgreSQL logical replication (pgoutput) → DMS records → Kinesis. Checks the
 * server and the stream, sets up the publication and the slot, runs the full load when one is
 * due, then streams changes until stopped. Nothing is lost across restarts; see {@link ChangeStream}.
 */
public final class CaptureRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRunner.class);

    private final CaptureOptions options;
    private final CaptureProgress progress = new CaptureProgress();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile KinesisBatchWriter writer;
    private volatile boolean loadedTables;
    private volatile long rowsLoaded;

    public CaptureRunner(CaptureOptions options) {
        this.options = options;
    }

    /** Runs until {@link #stop}; checks the server, the stream, the publication and the slot first. */
    public void run() throws SQLException {
        PostgresConnections postgres = new PostgresConnections(options.jdbcUrl(), options.user(), options.password());
        try (Connection sql = postgres.open(); KinesisClient kinesis = KinesisClients.create(options.region(),
                options.kinesisEndpoint(), options.accessKey(), options.secretKey())) {
            ServerChecks.requireLogicalReplication(sql, options.jdbcUrl());
            ServerChecks.requireStream(kinesis, options.stream());
            PostgresCatalog catalog = new PostgresCatalog(sql, options.tables(), options.publication());
            List<TableId> tables = catalog.selectedTables();
            catalog.ensurePublication(tables);
            if (options.dms().includeTableAlterOperations()) {
                catalog.installDdlCapture();
            }
            KinesisBatchWriter batches = new KinesisBatchWriter(kinesis, options.stream(), progress::oversize);
            writer = batches;
            try (Connection replication = postgres.openReplication()) {
                ReplicationSlot slot = new ReplicationSlot(sql, replication, options.slot(), options.user());
                Optional<String> snapshot = slot.ensure(options.fullLoad());
                loadedTables = snapshot.isPresent();
                if (snapshot.isPresent()) {
                    fullLoad(sql, snapshot.get(), tables, slot, batches);
                }
                stream(catalog, slot, batches);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void fullLoad(Connection sql, String snapshot, List<TableId> tables, ReplicationSlot slot,
            KinesisBatchWriter batches) throws SQLException {
        long rows = FullLoad.run(sql, snapshot, tables, new DmsLoadRenderer(options.dms(), Clock.systemUTC()), batches,
                loaded -> LOG.info("full load: {} rows put", loaded));
        slot.markFullLoadDone(rows);
        rowsLoaded = rows;
        progress.captured(rows);
        LOG.info("full load done: {} rows; streaming changes from the slot", rows);
    }

    private void stream(PostgresCatalog catalog, ReplicationSlot slot, KinesisBatchWriter batches) throws SQLException {
        DmsChangeRenderer changes = new DmsChangeRenderer(options.dms(), Clock.systemUTC(), catalog::primaryKey);
        // The slot's name stands for DMS's task id in control records' partition keys.
        DdlRenderer ddl = new DdlRenderer(options.dms(), options.tables(), options.slot(), Clock.systemUTC());
        if (options.dms().includeTableAlterOperations()) {
            catalog.currentShapes().forEach(ddl::know);
        }
        new ChangeStream(slot, catalog, changes, ddl, batches, progress)
                .run(options.flushInterval(), options.progressInterval(), () -> stopping);
    }

    /** Asks the capture to flush, acknowledge and return; waits for it up to the timeout. */
    public boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        stopping = true;
        return stopped.await(timeout, unit);
    }

    /** Whether this run began with a full load (a new slot, or one whose load never finished) rather than resuming a slot. */
    public boolean loadedTables() {
        return loadedTables;
    }

    /** The rows the full load put on the stream; 0 when the slot was resumed, or until the load is done. */
    public long rowsLoaded() {
        return rowsLoaded;
    }

    /** Rows loaded plus changes rendered so far. */
    public long changesCaptured() {
        return progress.changes();
    }

    public long recordsPut() {
        KinesisBatchWriter current = writer;
        return current == null ? 0 : current.recordsPut();
    }

    /** The end LSN of the last commit the slot was told it may let go; 0 before the first. */
    public long acknowledgedLsn() {
        return progress.acknowledgedLsn();
    }
}
