package dev.pgflink.core.layout;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes the raw and errors lines ({@link SourceRecordLines}). Every Kinesis record passes through
 * here: written with a Jackson generator (one per line, {@code writeBinary}'s base64, an
 * {@code Instant} formatted per record, a copy of the line) the raw line cost as much as the
 * transform itself (docs/benchmarks.md), so it is written by hand into one reused array.
 *
 * <p>Strings are copied as they are when they are printable ASCII without quotes or backslashes
 * (stream names, shard ids, sequence numbers, most partition keys) and written by a Jackson
 * generator otherwise; base64 is the JDK's. A property test holds the output to a Jackson generator's,
 * byte for byte. Not thread-safe: one per operator instance.
 */
public final class RawLineEncoder {
    private static final byte[] ERROR_TYPE = ascii("\"error_type\":");
    private static final byte[] REASON = ascii(",\"reason\":");
    private static final byte[] STREAM = ascii("\"stream\":");
    private static final byte[] SHARD_ID = ascii(",\"shard_id\":");
    private static final byte[] SEQUENCE_NUMBER = ascii(",\"sequence_number\":");
    private static final byte[] PARTITION_KEY = ascii(",\"partition_key\":");
    private static final byte[] ARRIVAL = ascii(",\"approximate_arrival\":\"");
    private static final byte[] DATA = ascii("\",\"data\":\"");
    private static final byte[] END = ascii("\"}\n");
    private static final byte[] NULL = ascii("null");
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private byte[] line = new byte[1024];
    private byte[] base64 = new byte[1024];
    private int length;
    private long arrivalMillis = Long.MIN_VALUE;
    private byte[] arrival;

    /** The raw line of a record, ending in a newline. */
    public byte[] raw(String stream, String shardId, String sequenceNumber, String partitionKey,
            long approximateArrivalMillis, byte[] data) {
        length = 0;
        appendByte('{');
        return fields(stream, shardId, sequenceNumber, partitionKey, approximateArrivalMillis, data);
    }

    /** The errors line of a rejected record: the reason first, then what the raw line holds. */
    public byte[] error(Rejection rejection, SourceRecord record) {
        length = 0;
        appendByte('{');
        append(ERROR_TYPE);
        appendString(rejection.type().label());
        append(REASON);
        appendString(rejection.reason());
        appendByte(',');
        return fields(record.stream(), record.shardId(), record.sequenceNumber(), record.partitionKey(),
                record.approximateArrivalMillis(), record.data());
    }

    private byte[] fields(String stream, String shardId, String sequenceNumber, String partitionKey,
            long approximateArrivalMillis, byte[] data) {
        append(STREAM);
        appendString(stream);
        append(SHARD_ID);
        appendString(shardId);
        append(SEQUENCE_NUMBER);
        appendString(sequenceNumber);
        append(PARTITION_KEY);
        appendString(partitionKey);
        append(ARRIVAL);
        append(arrival(approximateArrivalMillis));
        append(DATA);
        int encodedLength = 4 * ((data.length + 2) / 3);
        if (base64.length < encodedLength) {
            base64 = new byte[encodedLength];
        }
        append(base64, BASE64.encode(data, base64));
        append(END);
        return Arrays.copyOf(line, length);
    }

    private byte[] arrival(long millis) {
        // Records of one GetRecords batch mostly share their arrival millisecond.
        if (millis != arrivalMillis) {
            arrival = ascii(Instant.ofEpochMilli(millis).toString());
            arrivalMillis = millis;
        }
        return arrival;
    }

    /** A JSON string, or {@code null} as a generator writes a null String. */
    private void appendString(String value) {
        if (value == null) {
            append(NULL);
            return;
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                append(quotedByJackson(value));
                return;
            }
        }
        ensure(n + 2);
        line[length++] = '"';
        for (int i = 0; i < n; i++) {
            line[length++] = (byte) value.charAt(i);
        }
        line[length++] = '"';
    }

    /** The rare string that needs escaping, exactly as a generator escapes it (surrogate pairs included). */
    private static byte[] quotedByJackson(String value) {
        ByteArrayOutputStream quoted = new ByteArrayOutputStream(value.length() * 2 + 8);
        try (JsonGenerator gen = DmsJson.factory().createGenerator(quoted)) {
            gen.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.length() + " characters as JSON", e);
        }
        return quoted.toByteArray();
    }

    private void appendByte(char c) {
        ensure(1);
        line[length++] = (byte) c;
    }

    private void append(byte[] bytes) {
        append(bytes, bytes.length);
    }

    private void append(byte[] bytes, int count) {
        ensure(count);
        System.arraycopy(bytes, 0, line, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
