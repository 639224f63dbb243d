package dev.pgflink.core.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.Rejection;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The lines of the raw and errors outputs: one JSON object per Kinesis record, with the record's
 * bytes in base64 (byte-exact and replayable, whatever they hold) and its Kinesis metadata.
 *
 * Written by {@link RawLineEncoder}; read with Jackson.
 *
 * <pre>
 * raw:    {"stream":…,"shard_id":…,"sequence_number":…,"partition_key":…,"approximate_arrival":…,"data":"BASE64"}
 * errors: {"error_type":"not-json","reason":…, then the same fields as raw}
 * </pre>
 */
public final class SourceRecordLines {
    private SourceRecordLines() {
    }

    /**
     * The errors-output line for a rejected record, ending in a newline. A new encoder per call:
     * rejections are rare; raw lines, one per record, go through an operator's own encoder.
     */
    public static byte[] error(Rejection rejection, SourceRecord record) {
        return new RawLineEncoder().error(rejection, record);
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
