package dev.pgflink.job.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.Rejection;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.job.transform.FlatRecord;
import dev.pgflink.job.transform.RejectedRecord;
import dev.pgflink.job.transform.WindowManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** How each output's elements become bytes in their files. */
final class OutputLines {
    private OutputLines() {
    }

    static void raw(RawLine raw, OutputStream out) throws IOException {
        out.write(raw.line);
    }

    static void flat(FlatRecord record, OutputStream out) throws IOException {
        out.write(record.line);
    }

    static void error(RejectedRecord rejected, OutputStream out) throws IOException {
        out.write(SourceRecordLines.error(new Rejection(rejected.errorType, rejected.reason),
                rejected.record.toSourceRecord()));
    }

    static void manifest(WindowManifest m, OutputStream out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = DmsJson.factory().createGenerator(bytes)) {
            gen.writeStartObject();
            gen.writeStringField("schema", m.schema);
            gen.writeStringField("table", m.table);
            gen.writeStringField("window_start", Instant.ofEpochMilli(m.windowStartMillis).toString());
            gen.writeStringField("window_end", Instant.ofEpochMilli(m.windowEndMillis).toString());
            gen.writeNumberField("records", m.records);
            if (m.closedBy != null) {
                gen.writeStringField("closed_by", m.closedBy.label());
            }
            gen.writeObjectFieldStart("operations");
            for (Map.Entry<String, Long> op : new TreeMap<>(m.operations).entrySet()) {
                gen.writeNumberField(op.getKey(), op.getValue());
            }
            gen.writeEndObject();
            gen.writeStringField("event_time_min", Instant.ofEpochMilli(m.minEventTimeMillis).toString());
            gen.writeStringField("event_time_max", Instant.ofEpochMilli(m.maxEventTimeMillis).toString());
            gen.writeObjectFieldStart("positions");
            for (Map.Entry<String, String[]> shard : positions(m).entrySet()) {
                gen.writeObjectFieldStart(shard.getKey());
                gen.writeStringField("first_sequence_number", shard.getValue()[0]);
                gen.writeStringField("last_sequence_number", shard.getValue()[1]);
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeRaw('\n');
        }
        out.write(bytes.toByteArray());
    }

    private static Map<String, String[]> positions(WindowManifest m) {
        Map<String, String[]> positions = new TreeMap<>();
        m.firstSequenceNumbers.forEach((shard, first) ->
                positions.put(shard, new String[] {first, m.lastSequenceNumbers.get(shard)}));
        return positions;
    }
}
