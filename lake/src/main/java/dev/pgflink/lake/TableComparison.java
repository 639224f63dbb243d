package dev.pgflink.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One table's result: PostgreSQL's rows against the rows rebuilt from the change log. */
public final class TableComparison {
    private final String table;
    private final int maxExamples;
    long postgresRows;
    long rebuiltRows;
    long onlyInPostgres;
    long onlyInS3;
    long differing;
    boolean reloaded;
    /** Columns whose value the change log cannot tell and PostgreSQL's value was taken on trust, by reason. */
    final Map<String, Long> unverifiable = new TreeMap<>();
    final List<ObjectNode> examples = new ArrayList<>();

    TableComparison(String table, int maxExamples) {
        this.table = table;
        this.maxExamples = maxExamples;
    }

    public String table() {
        return table;
    }

    public long postgresRows() {
        return postgresRows;
    }

    public long rebuiltRows() {
        return rebuiltRows;
    }

    public long onlyInPostgres() {
        return onlyInPostgres;
    }

    public long onlyInS3() {
        return onlyInS3;
    }

    public long differing() {
        return differing;
    }

    public Map<String, Long> unverifiable() {
        return unverifiable;
    }

    /** The kept examples: {@code {"kind", "key", …}}, in the order found. */
    public List<ObjectNode> examples() {
        return examples;
    }

    public boolean equal() {
        return onlyInPostgres == 0 && onlyInS3 == 0 && differing == 0;
    }

    void example(String kind, String key, JsonNode detail, String detailName) {
        if (examples.size() >= maxExamples) {
            return;
        }
        ObjectNode example = JsonNodeFactory.instance.objectNode();
        example.put("kind", kind);
        example.set("key", Values.read(key));
        example.set(detailName, detail);
        examples.add(example);
    }

    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("equal", equal());
        out.put("postgres_rows", postgresRows);
        out.put("rebuilt_rows", rebuiltRows);
        out.put("only_in_postgres", onlyInPostgres);
        out.put("only_in_s3", onlyInS3);
        out.put("differing", differing);
        out.put("reloaded", reloaded);
        ObjectNode unknown = out.putObject("unverifiable_columns");
        unverifiable.forEach(unknown::put);
        out.putArray("examples").addAll(examples);
        return out;
    }
}
