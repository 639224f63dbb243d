package dev.pgflink.local.load;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inserts, updates and deletes orders as a delivery app would: about 60 % inserts, 30 % updates
 * (status, payment, driver), 10 % deletes, in transactions of one to five changes. Seeded, so a
 * workload can be replayed. Counts what it committed, so tests know how many records to expect.
 */
public final class OrderChanges {
    private static final String[] STATUSES = {"Pending", "Preparing", "Out for Delivery", "Delivered", "Cancelled"};
    private static final String[] CUSTOMERS = {"Emma Johnson", "Liam Smith", "Ava Williams", "Noah Brown",
            "Sophia Davis", "Mason Miller", "Isabella Wilson", "James Taylor", "Olivia Moore", "Ethan Clark"};

    private final String table;
    private final Random random;
    private final List<Integer> liveIds = new ArrayList<>();
    private final String orderPrefix;
    private volatile long inserts;
    private volatile long updates;
    private volatile long deletes;

    public OrderChanges(Connection sql, String table, long seed) throws SQLException {
        this.table = table;
        this.random = new Random(seed);
        // Order numbers unique across runs on the same database.
        this.orderPrefix = "G" + Long.toString(System.currentTimeMillis(), 36) + "-";
        try (Statement st = sql.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                liveIds.add(rs.getInt(1));
            }
        }
    }

    /** Commits {@code count} changes, in transactions of one to five; returns when all are committed. */
    public void apply(Connection sql, int count) throws SQLException {
        boolean autoCommit = sql.getAutoCommit();
        sql.setAutoCommit(false);
        try {
            int done = 0;
            while (done < count) {
                int inTransaction = Math.min(count - done, 1 + random.nextInt(5));
                long[] before = {inserts, updates, deletes};
                List<Integer> idsBefore = new ArrayList<>(liveIds);
                try {
                    for (int i = 0; i < inTransaction; i++) {
                        change(sql);
                    }
                    sql.commit();
                } catch (SQLException e) {
                    sql.rollback();
                    inserts = before[0];
                    updates = before[1];
                    deletes = before[2];
                    liveIds.clear();
                    liveIds.addAll(idsBefore);
                    throw e;
                }
                done += inTransaction;
            }
        } finally {
            sql.setAutoCommit(autoCommit);
        }
    }

    private void change(Connection sql) throws SQLException {
        int dice = random.nextInt(10);
        if (liveIds.isEmpty() || dice < 6) {
            insert(sql);
        } else if (dice < 9) {
            update(sql);
        } else {
            delete(sql);
        }
    }

    private void insert(Connection sql) throws SQLException {
        try (PreparedStatement ps = sql.prepareStatement("INSERT INTO " + table + " (order_number, customer_name, status, "
                + "total_amount, payment_status, delivery_address, delivery_notes, estimated_delivery_time, driver_id, "
                + "restaurant_id) VALUES (?, ?, 'Pending', ?, 'Pending', ?, ?, now() + interval '40 minutes', ?, ?) RETURNING id")) {
            ps.setString(1, orderPrefix + (inserts + 1));
            ps.setString(2, CUSTOMERS[random.nextInt(CUSTOMERS.length)]);
            ps.setBigDecimal(3, BigDecimal.valueOf(500 + random.nextInt(9500), 2));
            ps.setString(4, (1 + random.nextInt(400)) + " Elm St, Springfield");
            ps.setString(5, random.nextInt(4) == 0 ? "" : "Ring the bell");
            if (random.nextInt(5) == 0) {
                ps.setNull(6, java.sql.Types.INTEGER);
            } else {
                ps.setInt(6, 1 + random.nextInt(9));
            }
            ps.setInt(7, 1 + random.nextInt(3));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                liveIds.add(rs.getInt(1));
            }
        }
        inserts++;
    }

    private void update(Connection sql) throws SQLException {
        int id = liveIds.get(random.nextInt(liveIds.size()));
        try (PreparedStatement ps = sql.prepareStatement("UPDATE " + table
                + " SET status = ?, payment_status = ?, driver_id = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, STATUSES[random.nextInt(STATUSES.length)]);
            ps.setString(2, random.nextBoolean() ? "Paid" : "Pending");
            ps.setInt(3, 1 + random.nextInt(9));
            ps.setInt(4, id);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("order " + id + " vanished: is something else changing " + table + "?");
            }
        }
        updates++;
    }

    private void delete(Connection sql) throws SQLException {
        int id = liveIds.remove(random.nextInt(liveIds.size()));
        try (PreparedStatement ps = sql.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            ps.setInt(1, id);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("order " + id + " vanished: is something else changing " + table + "?");
            }
        }
        deletes++;
    }

    public long inserts() {
        return inserts;
    }

    public long updates() {
        return updates;
    }

    public long deletes() {
        return deletes;
    }

    /** Every committed row change: each is one record on the stream. */
    public long changes() {
        return inserts + updates + deletes;
    }
}
