package dev.pgflink.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pgflink.core.dms.DmsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The fields in which two records of the same change differ. */
public final class FieldDiff {
    public record Field(String name, JsonNode flink, JsonNode firehose) {
    }

    private FieldDiff() {
    }

    /** Field by field; a line that is not a JSON object differs as a whole, under the name {@code (line)}. */
    static List<Field> between(String flinkLine, String firehoseLine) {
        JsonNode flink = tree(flinkLine);
        JsonNode firehose = tree(firehoseLine);
        if (!flink.isObject() || !firehose.isObject()) {
            return List.of(text("(line)", flinkLine, firehoseLine));
        }
        Set<String> names = new LinkedHashSet<>();
        flink.fieldNames().forEachRemaining(names::add);
        firehose.fieldNames().forEachRemaining(names::add);
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            JsonNode a = flink.path(name);
            JsonNode b = firehose.path(name);
            if (!a.equals(b)) {
                fields.add(new Field(name, a, b));
            }
        }
        if (fields.isEmpty() && !sameOrder(flink, firehose)) {
            fields.add(new Field("(field order)", DmsJson.mapper().valueToTree(names(flink)),
                    DmsJson.mapper().valueToTree(names(firehose))));
        }
        if (fields.isEmpty()) {
            // Equal as JSON values yet different text: number spelling (27.3 vs 27.30) or escapes.
            fields.add(text("(text)", flinkLine, firehoseLine));
        }
        return fields;
    }

    private static Field text(String name, String flinkLine, String firehoseLine) {
        return new Field(name, DmsJson.mapper().getNodeFactory().textNode(flinkLine),
                DmsJson.mapper().getNodeFactory().textNode(firehoseLine));
    }

    private static boolean sameOrder(JsonNode a, JsonNode b) {
        return names(a).equals(names(b));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static JsonNode tree(String line) {
        try {
            return DmsJson.mapper().readTree(line);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
