package dev.pgflink.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.dms.DmsJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one form in which both sides' rows are compared: an object with the non-NULL columns in
 * name order. Numbers compare by value ({@code 27.3} and {@code 27.30} are the same value; parity
 * is where spellings are compared), everything else by its JSON text.
 */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Values() {
    }

    static JsonNode canonical(JsonNode value) {
        if (value != null && value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return NODES.numberNode(number.scale() < 0 ? number.setScale(0) : number);
        }
        return value;
    }

    /** The row's JSON text: non-NULL columns by name, values canonical. */
    static String rowJson(Map<String, JsonNode> row) {
        ObjectNode out = NODES.objectNode();
        new TreeMap<>(row).forEach((column, value) -> {
            if (value != null && !value.isNull()) {
                out.set(column, canonical(value));
            }
        });
        return write(out);
    }

    /** The primary key's JSON text: an array of the key's values in key order. */
    static String keyJson(List<JsonNode> values) {
        ArrayNode out = NODES.arrayNode();
        values.forEach(v -> out.add(canonical(v)));
        return write(out);
    }

    static String write(JsonNode node) {
        try {
            return DmsJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return DmsJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
