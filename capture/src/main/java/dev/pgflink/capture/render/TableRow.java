package dev.pgflink.capture.render;

import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import java.util.List;

/**
 * One row of a table as the full load reads it.
 *
 * @param columns the table's columns in order, with their types; {@link Column#key()} marks the
 *        primary key's (none when the table has no primary key)
 * @param values each column's PostgreSQL text, in column order; null for SQL NULL
 */
public record TableRow(String schema, String table, List<Column> columns, List<String> values) {

    public TableRow {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(schema + "." + table + ": " + values.size() + " values for "
                    + columns.size() + " columns");
        }
    }
}
