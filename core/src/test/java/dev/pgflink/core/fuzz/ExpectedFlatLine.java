package dev.pgflink.core.fuzz;

import dev.pgflink.core.flat.FlatFields;
import dev.pgflink.core.flat.TransformResult;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the flat line of a DMS record must hold, worked out from the record's JSON model by the
 * rules of docs/record-contract.md ("The flat record"), not by the transform's code.
 */
public record ExpectedFlatLine(TransformResult.Kind kind, Map<String, Object> line) {

    /** The expected line of a record the transform accepts; the record is a JSON model object. */
    public static ExpectedFlatLine of(Map<String, Object> record, String beforeImageField) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) record.get("metadata");
        boolean control = "control".equals(metadata.get("record-type"));
        Map<String, Object> line = new LinkedHashMap<>();
        if (!control) {
            ((Map<?, ?>) record.get("data")).forEach((name, value) -> line.put(FlatFields.flatColumnName((String) name), value));
            Object before = record.get(beforeImageField);
            if (before instanceof Map) {
                line.put(FlatFields.BEFORE_IMAGE, before);
            }
        }
        line.put(FlatFields.OPERATION, metadata.get("operation"));
        putString(line, FlatFields.SCHEMA, metadata.get("schema-name"));
        putString(line, FlatFields.TABLE, metadata.get("table-name"));
        putString(line, FlatFields.TIMESTAMP, metadata.get("timestamp"));
        putString(line, FlatFields.COMMIT_TIMESTAMP, metadata.get("commit-timestamp"));
        putInteger(line, FlatFields.TRANSACTION_ID, metadata.get("transaction-id"));
        putInteger(line, FlatFields.TRANSACTION_RECORD_ID, metadata.get("transaction-record-id"));
        putString(line, FlatFields.STREAM_POSITION, metadata.get("stream-position"));
        if (control && record.get("control") instanceof Map) {
            line.put(FlatFields.CONTROL, record.get("control"));
        }
        return new ExpectedFlatLine(control ? TransformResult.Kind.CONTROL : TransformResult.Kind.DATA, line);
    }

    private static void putString(Map<String, Object> line, String name, Object value) {
        if (value instanceof String) {
            line.put(name, value);
        }
    }

    /** Integers are written from their value: {@code -0} comes out as {@code 0}. */
    private static void putInteger(Map<String, Object> line, String name, Object value) {
        if (value instanceof JsonModel.Num) {
            line.put(name, new JsonModel.Num(new BigDecimal(((JsonModel.Num) value).text()).toBigIntegerExact().toString()));
        }
    }
}
