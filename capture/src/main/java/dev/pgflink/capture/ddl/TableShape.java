package dev.pgflink.capture.ddl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's name and columns at one point in time, as the DDL event trigger reports it.
 *
 * @param tag the DDL command tag ({@code CREATE TABLE}, {@code ALTER TABLE}, {@code DROP TABLE})
 */
public record TableShape(String tag, long oid, String schema, String table, List<ColumnShape> columns,
        List<String> primaryKey) {

    public record ColumnShape(String name, String type, int typeOid, int typeModifier, boolean nullable) {
    }

    /** Reads the JSON the event trigger emits ({@code ddl-capture.sql}). */
    public static TableShape parse(byte[] json) {
        try {
            JsonNode node = DmsJson.mapper().readTree(json);
            List<ColumnShape> columns = new ArrayList<>();
            for (JsonNode column : node.path("columns")) {
                columns.add(new ColumnShape(column.path("name").asText(), column.path("type").asText(),
                        column.path("type_oid").asInt(), column.path("typmod").asInt(-1),
                        column.path("nullable").asBoolean(true)));
            }
            List<String> primaryKey = new ArrayList<>();
            node.path("primary_key").forEach(name -> primaryKey.add(name.asText()));
            return new TableShape(node.path("tag").asText(), node.path("oid").asLong(), node.path("schema").asText(),
                    node.path("table").asText(), List.copyOf(columns), List.copyOf(primaryKey));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable DDL message: " + e.getMessage(), e);
        }
    }
}
