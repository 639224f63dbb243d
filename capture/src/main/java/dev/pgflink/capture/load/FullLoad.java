package dev.pgflink.capture.load;

import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.capture.kinesis.KinesisBatchWriter;
import dev.pgflink.capture.render.DmsLoadRenderer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial load of the selected tables (DMS "full load and CDC"), read in one transaction on
 * the snapshot the slot exported when it was created: every row committed before the slot's
 * starting point is loaded, every later change is streamed, so nothing is missed or doubled at the
 * hand-over. {@link TableReader} reads, {@link DmsLoadRenderer} renders, the writer sends.
 */
public final class FullLoad {
    private static final Logger LOG = LoggerFactory.getLogger(FullLoad.class);

    private FullLoad() {
    }

    /**
     * Loads every table and flushes the writer; returns the number of rows.
     *
     * @param progress told the running total every {@value TableReader#FETCH_SIZE} rows of a table
     */
    public static long run(Connection sql, String snapshot, List<TableId> tables, DmsLoadRenderer renderer,
            KinesisBatchWriter writer, LongConsumer progress) throws SQLException {
        boolean autoCommit = sql.getAutoCommit();
        sql.setAutoCommit(false);
        TableReader reader = new TableReader(sql);
        long rows = 0;
        try (Statement st = sql.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
            for (TableId table : tables) {
                long loadedBefore = rows;
                AtomicLong loaded = new AtomicLong();
                reader.read(table, row -> {
                    writer.add(renderer.render(row));
                    if (loaded.incrementAndGet() % TableReader.FETCH_SIZE == 0) {
                        progress.accept(loadedBefore + loaded.get());
                    }
                });
                LOG.info("full load of {}.{}: {} rows", table.schema(), table.table(), loaded.get());
                rows += loaded.get();
            }
            writer.flush();
            sql.commit();
        } catch (SQLException | RuntimeException e) {
            sql.rollback();
            throw e;
        } finally {
            sql.setAutoCommit(autoCommit);
        }
        return rows;
    }
}
