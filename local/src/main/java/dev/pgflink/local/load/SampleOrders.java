package dev.pgflink.local.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The sample schema ({@code delivery.orders}) and the nine orders of the original pipeline. */
public final class SampleOrders {
    public static final String SCHEMA = "delivery";

    private SampleOrders() {
    }

    /** Creates {@code schema.orders} unless it exists; returns its qualified name. */
    public static String createTable(Connection sql, String schema) throws SQLException {
        try (Statement st = sql.createStatement()) {
            for (String statement : String.format(resource("delivery-orders.sql"), schema).split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
        return schema + ".orders";
    }

    /** Inserts the nine sample orders in one transaction (those already there are left alone). */
    public static int insertNine(Connection sql, String table) throws SQLException {
        try (Statement st = sql.createStatement()) {
            return st.executeUpdate(String.format(resource("nine-orders.sql"), table));
        }
    }

    private static String resource(String name) {
        try (InputStream in = SampleOrders.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
