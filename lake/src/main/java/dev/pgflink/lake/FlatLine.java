package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.flat.FlatFields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** One flat record (docs/record-contract.md) as the rebuild applies it. */
final class FlatLine {
    private final ObjectNode node;

    private FlatLine(ObjectNode node) {
        this.node = node;
    }

    static FlatLine parse(String line) {
        JsonNode node = Values.read(line);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new FlatLine(object);
    }

    String operation() {
        return node.path(FlatFields.OPERATION).asText("");
    }

    /** Every source column the line holds (metadata and the before-image left out), JSON null included. */
    void forEachColumn(BiConsumer<String, JsonNode> action) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!FlatFields.isMetadataField(field.getKey())) {
                action.accept(FlatFields.sourceColumnName(field.getKey()), field.getValue());
            }
        }
    }

    /** The column names of a {@code __control} object's table definition, or null when it has none. */
    static List<String> definedColumns(JsonNode control) {
        JsonNode columns = control == null ? null : control.path("table-def").path("columns");
        if (columns == null || !columns.isObject()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
