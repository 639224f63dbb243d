package dev.pgflink.lake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.flat.FlatFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads only what ordering a line needs from a flat record — metadata, the values of columns that
 * are some table's primary key, the other columns' names — in one streaming pass without
 * building a tree (the change log's first pass reads every line; the tree comes in the rebuild).
 * Not thread-safe: one instance per reader, reused line after line.
 */
final class LineScanner {
    private final Set<String> keyColumns;
    String operation;
    String schema;
    String table;
    String timestamp;
    String streamPosition;
    Long recordId;
    final Map<String, JsonNode> keyValues = new HashMap<>();
    /** The before-image ({@code __before}), when the line has one. */
    JsonNode before;
    final List<String> columns = new ArrayList<>();
    List<String> definedColumns;

    /** @param keyColumns the flat names of every column that is part of some table's primary key */
    LineScanner(Set<String> keyColumns) {
        this.keyColumns = keyColumns;
    }

    /** Reads a line; throws {@link IllegalArgumentException} when it is not one JSON object. */
    void scan(String line) throws IOException {
        operation = schema = table = timestamp = streamPosition = null;
        recordId = null;
        keyValues.clear();
        columns.clear();
        definedColumns = null;
        before = null;
        try (JsonParser p = DmsJson.factory().createParser(line)) {
            p.setCodec(DmsJson.mapper());
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case FlatFields.OPERATION -> operation = text(p, value);
                    case FlatFields.SCHEMA -> schema = text(p, value);
                    case FlatFields.TABLE -> table = text(p, value);
                    case FlatFields.TIMESTAMP -> timestamp = text(p, value);
                    case FlatFields.STREAM_POSITION -> streamPosition = text(p, value);
                    case FlatFields.TRANSACTION_RECORD_ID ->
                            recordId = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                                    ? p.getLongValue() : null;
                    case FlatFields.CONTROL -> definedColumns = FlatLine.definedColumns(p.readValueAsTree());
                    case FlatFields.BEFORE_IMAGE -> before = p.readValueAsTree();
                    default -> {
                        if (FlatFields.isMetadataField(name)) {
                            p.skipChildren();
                        } else {
                            String column = FlatFields.sourceColumnName(name);
                            columns.add(column);
                            if (keyColumns.contains(name) && value.isScalarValue()) {
                                keyValues.put(column, p.readValueAsTree());
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value on the line");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
