package dev.pgflink.parity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.dms.DmsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one path holds, and what it holds that the other does not. */
public final class SideReport {
    private final String name;
    private final String location;
    private final int maxExamples;
    long objects;
    long records;
    final Map<String, Map<String, Long>> recordsByTable = new TreeMap<>();
    long onlyHere;
    final List<String> onlyHereExamples = new ArrayList<>();
    long duplicates;
    final List<String> duplicateExamples = new ArrayList<>();
    long errors;
    final Map<String, Long> errorsByCode = new TreeMap<>();
    long errorsOnlyHere;

    SideReport(String name, String location, int maxExamples) {
        this.name = name;
        this.location = location;
        this.maxExamples = maxExamples;
    }

    void countRecord(ChangeIdentity identity) {
        records++;
        recordsByTable.computeIfAbsent(identity.table(), t -> new TreeMap<>()).merge(identity.operation(), 1L, Long::sum);
    }

    void countError(String code) {
        errors++;
        errorsByCode.merge(code, 1L, Long::sum);
    }

    void onlyHere(String line, long copies) {
        onlyHere += copies;
        example(onlyHereExamples, line);
    }

    void duplicate(String line, long extraCopies) {
        duplicates += extraCopies;
        example(duplicateExamples, line);
    }

    private void example(List<String> examples, String line) {
        if (examples.size() < maxExamples) {
            examples.add(line);
        }
    }

    public String name() {
        return name;
    }

    public long records() {
        return records;
    }

    public long onlyHere() {
        return onlyHere;
    }

    public long duplicates() {
        return duplicates;
    }

    public long errors() {
        return errors;
    }

    public long errorsOnlyHere() {
        return errorsOnlyHere;
    }

    public Map<String, Map<String, Long>> recordsByTable() {
        return recordsByTable;
    }

    public List<String> onlyHereExamples() {
        return onlyHereExamples;
    }

    public List<String> duplicateExamples() {
        return duplicateExamples;
    }

    ObjectNode toJson() {
        ObjectNode json = DmsJson.mapper().createObjectNode();
        json.put("location", location);
        json.put("objects", objects);
        json.put("records", records);
        json.set("recordsByTable", DmsJson.mapper().valueToTree(recordsByTable));
        json.put("onlyHere", onlyHere);
        json.set("onlyHereExamples", DmsJson.mapper().valueToTree(onlyHereExamples));
        json.put("duplicates", duplicates);
        json.set("duplicateExamples", DmsJson.mapper().valueToTree(duplicateExamples));
        json.put("errors", errors);
        json.set("errorsByCode", DmsJson.mapper().valueToTree(errorsByCode));
        json.put("errorsOnlyHere", errorsOnlyHere);
        return json;
    }
}
