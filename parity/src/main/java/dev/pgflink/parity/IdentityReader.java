package dev.pgflink.parity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.flat.FlatFields;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a flat line's identity with a streaming parser, touching only the top-level fields it
 * needs (the line is compared as text; building a tree per record would double the cost).
 */
final class IdentityReader {
    private static final List<String> METADATA = List.of(FlatFields.TRANSACTION_ID, FlatFields.TRANSACTION_RECORD_ID,
            FlatFields.STREAM_POSITION, FlatFields.TIMESTAMP);
    /** Marks a line that is not a flat record (it still takes part in the comparison, by its text). */
    static final String UNREADABLE = "(not a flat record)";

    private final Map<String, List<String>> primaryKeys;
    private final Set<String> wanted;

    /** @param primaryKeys flat column names of the primary key per {@code schema.table} */
    IdentityReader(Map<String, List<String>> primaryKeys) {
        this.primaryKeys = Map.copyOf(primaryKeys);
        this.wanted = Stream.concat(Stream.of(FlatFields.SCHEMA, FlatFields.TABLE, FlatFields.OPERATION),
                Stream.concat(METADATA.stream(), primaryKeys.values().stream().flatMap(List::stream)))
                .collect(Collectors.toUnmodifiableSet());
    }

    ChangeIdentity read(String line) {
        Map<String, String> fields = topLevelFields(line);
        if (fields == null) {
            return new ChangeIdentity(UNREADABLE, UNREADABLE, UNREADABLE + "|" + line);
        }
        String table = fields.get(FlatFields.SCHEMA) + "." + fields.get(FlatFields.TABLE);
        String operation = String.valueOf(fields.get(FlatFields.OPERATION));
        StringBuilder key = new StringBuilder(96).append(table).append('|').append(operation);
        for (String name : METADATA) {
            key.append('|').append(fields.get(name));
        }
        for (String column : primaryKeys.getOrDefault(table, List.of())) {
            key.append('|').append(column).append('=').append(fields.get(column));
        }
        return new ChangeIdentity(table, operation, key.toString());
    }

    private Map<String, String> topLevelFields(String line) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = DmsJson.factory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else if (wanted.contains(name)) {
                    fields.put(name, parser.getText());
                }
            }
            return fields;
        } catch (IOException e) {
            return null;
        }
    }
}
