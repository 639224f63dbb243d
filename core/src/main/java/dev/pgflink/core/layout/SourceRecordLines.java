package dev.pgflink.core.layout;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The lines of the raw and errors outputs: one JSON object per Kinesis record, with the record's
 * bytes in base64 (byte-exact and replayable, whatever they hold) and its Kinesis metadata.
 *
 * <pre>
 * raw:    {"stream":…,"shard_id":…,"sequence_number":…,"partition_key":…,"approximate_arrival":…,"data":"BASE64"}
 * errors: {"error_type":"not-json","reason":…, then the same fields as raw}
 * </pre>
 */
public final class SourceRecordLines {
    private SourceRecordLines() {
    }

    /** The raw-output line for a record, ending in a newline. */
    public static byte[] raw(SourceRecord record) {
        return write(null, record);
    }

    /** The errors-output line for a rejected record, ending in a newline. */
    public static byte[] error(Rejection rejection, SourceRecord record) {
        return write(rejection, record);
    }

    private static byte[] write(Rejection rejection, SourceRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(record.data().length * 4 / 3 + 256);
        try (JsonGenerator gen = DmsJson.factory().createGenerator(out)) {
            gen.writeStartObject();
            if (rejection != null) {
                gen.writeStringField("error_type", rejection.type().label());
                gen.writeStringField("reason", rejection.reason());
            }
            gen.writeStringField("stream", record.stream());
            gen.writeStringField("shard_id", record.shardId());
            gen.writeStringField("sequence_number", record.sequenceNumber());
            gen.writeStringField("partition_key", record.partitionKey());
            gen.writeStringField("approximate_arrival", Instant.ofEpochMilli(record.approximateArrivalMillis()).toString());
            gen.writeFieldName("data");
            gen.writeBinary(record.data());
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Reads a raw or errors line back into the record it holds. */
    public static SourceRecord read(String line) {
        try {
            JsonNode node = DmsJson.mapper().readTree(line);
            return new SourceRecord(node.path("stream").asText(null), node.path("shard_id").asText(null),
                    node.path("sequence_number").asText(null), node.path("partition_key").asText(null),
                    Instant.parse(node.path("approximate_arrival").asText()).toEpochMilli(),
                    Base64.getDecoder().decode(node.path("data").asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a raw or errors line: " + e.getMessage(), e);
        }
    }
}
