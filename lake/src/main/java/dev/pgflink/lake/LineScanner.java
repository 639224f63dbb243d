package dev.pgflink.lake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.flat.FlatFields;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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

    /** {@code __timestamp} in microseconds since the epoch; DMS's own form is read without {@link Instant#parse}. */
    static long micros(String timestamp) {
        if (timestamp == null) {
            throw new IllegalArgumentException("no __timestamp");
        }
        if (timestamp.length() == 27 && timestamp.charAt(4) == '-' && timestamp.charAt(10) == 'T'
                && timestamp.charAt(19) == '.' && timestamp.charAt(26) == 'Z') {
            try {
                long day = LocalDate.of(digits(timestamp, 0, 4), digits(timestamp, 5, 7), digits(timestamp, 8, 10))
                        .toEpochDay();
                int hour = digits(timestamp, 11, 13);
                int minute = digits(timestamp, 14, 16);
                int second = digits(timestamp, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    return ((day * 86_400 + hour * 3_600L + minute * 60L + second) * 1_000_000L)
                            + digits(timestamp, 20, 26);
                }
            } catch (DateTimeException | NumberFormatException e) {
                // not DMS's form after all: the general parser says what is wrong
            }
        }
        try {
            Instant instant = Instant.parse(timestamp);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("__timestamp is not an instant: '" + timestamp + "'");
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
