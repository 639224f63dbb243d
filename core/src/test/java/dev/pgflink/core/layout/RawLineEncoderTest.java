package dev.pgflink.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.core.dms.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written raw and errors lines against a Jackson generator writing the same fields (the
 * way they were written before), byte for byte, over any Unicode in the names and keys, any bytes
 * in the data and any arrival time; one encoder reused across tries, as an operator reuses it.
 */
class RawLineEncoderTest {
    private final RawLineEncoder encoder = new RawLineEncoder();

    @Property(tries = 2_000)
    void rawLinesAreWhatJacksonWrites(@ForAll("records") SourceRecord record) throws IOException {
        byte[] line = encoder.raw(record.stream(), record.shardId(), record.sequenceNumber(), record.partitionKey(),
                record.approximateArrivalMillis(), record.data());
        assertThat(line).isEqualTo(jackson(null, record));
        assertThat(SourceRecordLines.read(new String(line, java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(record);
    }

    @Property(tries = 500)
    void errorLinesAreWhatJacksonWrites(@ForAll("records") SourceRecord record, @ForAll("text") String reason)
            throws IOException {
        Rejection rejection = new Rejection(ErrorType.NOT_JSON, reason);
        assertThat(encoder.error(rejection, record)).isEqualTo(jackson(rejection, record));
    }

    @Provide
    Arbitrary<SourceRecord> records() {
        Arbitrary<String> text = text();
        return Combinators.combine(text, text.injectNull(0.05), Arbitraries.strings().numeric().ofMaxLength(56), text,
                Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L)
                        .edgeCases(e -> e.add(1_734_355_478_000L)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3_000))
                .as(SourceRecord::new);
    }

    /** Strings of valid code points: ASCII mostly, with quotes, backslashes, controls and the rest of Unicode. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0x20, 0x7E)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x7F)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x80, 0x10FFFF)
                        .filter(c -> c < 0xD800 || c > 0xDFFF)));
        return codePoint.list().ofMaxSize(40).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    /** How the lines were written before: a Jackson generator per line. */
    private static byte[] jackson(Rejection rejection, SourceRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        }
        return out.toByteArray();
    }
}
