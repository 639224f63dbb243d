package dev.pgflink.parity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.dms.DmsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The result of comparing the two paths. */
public final class ParityReport {
    /** A change both paths hold, transformed differently. */
    public record Difference(String identity, List<FieldDiff.Field> fields) {
    }

    /** The differences that are expected by design and not reported as such; see docs/parity.md. */
    static final List<String> BY_DESIGN = List.of(
            "Control (DDL) lines: Flink writes them under control/, Firehose among the data lines; both are compared as records.",
            "Flink writes records behind the watermark to late-part files in their window; they count as records.",
            "Flink's window manifests and in-progress files hold no records and are not read.",
            "Object names, object sizes and the order of lines differ: records are compared as a multiset.");

    private final SideReport flink;
    private final SideReport firehose;
    private final boolean firehoseDuplicatesAllowed;
    private final int maxExamples;
    long matched;
    long differing;
    final List<Difference> differingExamples = new ArrayList<>();

    ParityReport(SideReport flink, SideReport firehose, boolean firehoseDuplicatesAllowed, int maxExamples) {
        this.flink = flink;
        this.firehose = firehose;
        this.firehoseDuplicatesAllowed = firehoseDuplicatesAllowed;
        this.maxExamples = maxExamples;
    }

    void differs(String identity, String flinkLine, String firehoseLine) {
        differing++;
        if (differingExamples.size() < maxExamples) {
            differingExamples.add(new Difference(identity, FieldDiff.between(flinkLine, firehoseLine)));
        }
    }

    /** True when both paths hold the same records and the same errors, duplicates aside if allowed. */
    public boolean equal() {
        return differing == 0 && flink.onlyHere == 0 && firehose.onlyHere == 0 && flink.duplicates == 0
                && (firehoseDuplicatesAllowed || firehose.duplicates == 0)
                && flink.errorsOnlyHere == 0 && firehose.errorsOnlyHere == 0;
    }

    public SideReport flink() {
        return flink;
    }

    public SideReport firehose() {
        return firehose;
    }

    public long matched() {
        return matched;
    }

    public long differing() {
        return differing;
    }

    public List<Difference> differingExamples() {
        return differingExamples;
    }

    public ObjectNode toJson() {
        ObjectNode json = DmsJson.mapper().createObjectNode();
        json.put("equal", equal());
        json.put("matched", matched);
        json.put("differing", differing);
        ArrayNode examples = json.putArray("differingExamples");
        for (Difference difference : differingExamples) {
            ObjectNode example = examples.addObject();
            example.put("identity", difference.identity());
            ArrayNode fields = example.putArray("fields");
            for (FieldDiff.Field field : difference.fields()) {
                fields.addObject().put("field", field.name()).<ObjectNode>set("flink", field.flink())
                        .set("firehose", field.firehose());
            }
        }
        json.put("firehoseDuplicatesAllowed", firehoseDuplicatesAllowed);
        json.set("flink", flink.toJson());
        json.set("firehose", firehose.toJson());
        json.set("byDesign", DmsJson.mapper().valueToTree(BY_DESIGN));
        return json;
    }

    /** The report as indented JSON, the file the command writes. */
    public byte[] toJsonBytes() {
        try {
            return DmsJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    /** The human-readable summary. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(equal() ? "PARITY: EQUAL" : "PARITY: DIFFERENT").append('\n');
        out.append(String.format("  %-28s %14s %14s%n", "", "flink", "firehose"));
        out.append(String.format("  %-28s %,14d %,14d%n", "objects read", flink.objects, firehose.objects));
        row(out, "records", flink.records, firehose.records);
        TreeSet<String> tables = new TreeSet<>(flink.recordsByTable.keySet());
        tables.addAll(firehose.recordsByTable.keySet());
        for (String table : tables) {
            TreeSet<String> operations = new TreeSet<>(flink.recordsByTable.getOrDefault(table, Map.of()).keySet());
            operations.addAll(firehose.recordsByTable.getOrDefault(table, Map.of()).keySet());
            for (String operation : operations) {
                row(out, "  " + table + " " + operation, count(flink, table, operation), count(firehose, table, operation));
            }
        }
        row(out, "only on this side", flink.onlyHere, firehose.onlyHere);
        row(out, "duplicates", flink.duplicates, firehose.duplicates);
        row(out, "errors", flink.errors, firehose.errors);
        row(out, "errors only on this side", flink.errorsOnlyHere, firehose.errorsOnlyHere);
        out.append(String.format("  matched %,d records; %,d differ%n", matched, differing));
        for (Difference difference : differingExamples) {
            out.append("  differs: ").append(difference.identity()).append('\n');
            for (FieldDiff.Field field : difference.fields()) {
                out.append("    ").append(field.name()).append(": flink=").append(field.flink())
                        .append(" firehose=").append(field.firehose()).append('\n');
            }
        }
        examples(out, "only in flink", flink.onlyHereExamples);
        examples(out, "only in firehose", firehose.onlyHereExamples);
        examples(out, "duplicated in flink", flink.duplicateExamples);
        examples(out, "duplicated in firehose", firehose.duplicateExamples);
        if (firehoseDuplicatesAllowed && firehose.duplicates > 0) {
            out.append("  (Firehose duplicates allowed: Firehose delivers at least once)\n");
        }
        return out.toString();
    }

    private static long count(SideReport side, String table, String operation) {
        return side.recordsByTable.getOrDefault(table, Map.of()).getOrDefault(operation, 0L);
    }

    private static void row(StringBuilder out, String label, long flink, long firehose) {
        out.append(String.format("  %-28s %,14d %,14d%s%n", label, flink, firehose, flink == firehose ? "" : "   <-"));
    }

    private static void examples(StringBuilder out, String label, List<String> lines) {
        for (String line : lines) {
            out.append("  ").append(label).append(": ").append(line).append('\n');
        }
    }
}
