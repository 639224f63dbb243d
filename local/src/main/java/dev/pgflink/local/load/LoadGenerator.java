package dev.pgflink.local.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes orders at a steady rate in a thread of its own until stopped or until it has made
 * {@code maxChanges}. Optionally adds a column once, after {@code ddlAfter} changes, so the
 * control path is exercised too.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long TICK_MILLIS = 50;

    private final Connection sql;
    private final OrderChanges changes;
    private final String table;
    private final double perSecond;
    private final long maxChanges;
    private final long ddlAfter;
    private final Thread thread;
    private final AtomicLong ddlStatements = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param maxChanges stop after this many changes (0: no limit)
     * @param ddlAfter add a column after this many changes (0: never)
     */
    public LoadGenerator(Connection sql, String table, double perSecond, long maxChanges, long ddlAfter, long seed)
            throws SQLException {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("the change rate must be above 0, was " + perSecond);
        }
        this.sql = sql;
        this.table = table;
        this.changes = new OrderChanges(sql, table, seed);
        this.perSecond = perSecond;
        this.maxChanges = maxChanges;
        this.ddlAfter = ddlAfter;
        this.thread = new Thread(this::run, "load-generator");
        thread.setDaemon(true);
    }

    public LoadGenerator start() {
        thread.start();
        return this;
    }

    private void run() {
        long started = System.nanoTime();
        try {
            while (running && (maxChanges == 0 || changes.changes() < maxChanges)) {
                double elapsed = (System.nanoTime() - started) / 1e9;
                long due = (long) (elapsed * perSecond) - changes.changes();
                if (maxChanges > 0) {
                    due = Math.min(due, maxChanges - changes.changes());
                }
                if (ddlAfter > 0 && ddlStatements.get() == 0 && changes.changes() + due > ddlAfter) {
                    due = ddlAfter - changes.changes();
                }
                if (due > 0) {
                    changes.apply(sql, (int) Math.min(due, 1_000));
                }
                if (ddlAfter > 0 && ddlStatements.get() == 0 && changes.changes() >= ddlAfter) {
                    try (Statement st = sql.createStatement()) {
                        st.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS tip_amount numeric(10,2)");
                    }
                    ddlStatements.incrementAndGet();
                    LOG.info("added column tip_amount to {} after {} changes", table, changes.changes());
                }
                if (due <= 0) {
                    Thread.sleep(TICK_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            LOG.error("the load generator stopped", t);
        }
    }

    /** Committed row changes so far. */
    public long changes() {
        return changes.changes();
    }

    public OrderChanges counts() {
        return changes;
    }

    /** DDL statements run so far (each is one control record on the stream). */
    public long ddlStatements() {
        return ddlStatements.get();
    }

    /** True once it has made {@code maxChanges} (never without a limit). */
    public boolean finished() {
        return !thread.isAlive() && failure == null && maxChanges > 0 && changes.changes() >= maxChanges;
    }

    public Throwable failure() {
        return failure;
    }

    /** Stops after the transaction in progress; returns once nothing more will be committed. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
