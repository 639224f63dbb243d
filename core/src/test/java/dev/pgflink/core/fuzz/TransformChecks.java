package dev.pgflink.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.dms.DmsRecordScanner;
import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.core.flat.TransformResult;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold of the transform's result for any input: a rejection with a type and a reason,
 * or a line that is strict UTF-8, one JSON object on one line, and carries the input's values
 * exactly. Shared by the fuzz tests of core, the job and the Lambda.
 */
public final class TransformChecks {
    private static final Pattern AT_BYTE = Pattern.compile("at byte (\\d+)");

    private TransformChecks() {
    }

    /** A generated record becomes exactly the line its model predicts. */
    public static void assertFaithful(GeneratedRecord record, TransformResult result) {
        assertThat(result.kind()).as("kind of %s (%s)", record, result).isEqualTo(record.expected().kind());
        assertValidLine(result.line());
        assertThat(JsonModel.parse(result.line())).as("line of %s", record).contains(record.expected().line());
        assertThat(result.metadata().operation().wireName())
                .isEqualTo(((Map<?, ?>) record.model().get("metadata")).get("operation"));
    }

    /**
     * Any input: rejected with a type and a reason (not-utf8, at the first ill-formed byte, exactly
     * when the input is not UTF-8), or accepted with a line that carries the input's values.
     */
    public static void assertRejectedOrFaithful(byte[] input, TransformResult result) {
        assertThat(result).isNotNull();
        int illFormed = firstIllFormedUtf8(input);
        if (illFormed >= 0 && input.length <= DmsRecordScanner.MAX_RECORD_BYTES) {
            assertThat(result.kind()).as("result of input that is not UTF-8 at byte %d", illFormed)
                    .isEqualTo(TransformResult.Kind.REJECTED);
            assertThat(result.rejection().type()).isEqualTo(ErrorType.NOT_UTF8);
        }
        if (result.kind() == TransformResult.Kind.REJECTED) {
            assertRejection(input, result, illFormed);
            return;
        }
        assertValidLine(result.line());
        Optional<Object> model = JsonModel.parse(input);
        if (model.isPresent()) {
            // Without duplicate keys the input has one meaning, and the line must carry it.
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) model.get();
            ExpectedFlatLine expected = ExpectedFlatLine.of(record, DmsRecordArbitraries.BEFORE_IMAGE);
            assertThat(result.kind()).isEqualTo(expected.kind());
            assertThat(JsonModel.parse(result.line())).contains(expected.line());
        }
    }

    private static void assertRejection(byte[] input, TransformResult result, int illFormed) {
        assertThat(result.line()).isNull();
        assertThat(result.metadata()).isNull();
        assertThat(result.rejection().type()).isNotNull();
        assertThat(result.rejection().reason()).isNotBlank();
        if (result.rejection().type() != ErrorType.NOT_UTF8 || looksLikeUtf16or32(input)) {
            return;
        }
        Matcher at = AT_BYTE.matcher(result.rejection().reason());
        assertThat(at.find()).as("offset in %s", result.rejection()).isTrue();
        int offset = Integer.parseInt(at.group(1));
        if (offset == illFormed) {
            return;
        }
        // Otherwise a \\u escape of half a surrogate pair comes first, in text that is UTF-8 so far.
        assertThat(illFormed < 0 || offset < illFormed).as("offset %d, first ill-formed byte %d", offset, illFormed)
                .isTrue();
        String escape = new String(input, offset, Math.min(6, input.length - offset), StandardCharsets.US_ASCII);
        assertThat(escape).as(result.rejection().toString()).matches("\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}");
    }

    /** The line is strict UTF-8, one line, one JSON object (keys repeat only where the input's did). */
    public static void assertValidLine(byte[] line) {
        assertThat(line).isNotNull();
        assertThat(firstIllFormedUtf8(line)).as("first ill-formed byte of the line").isEqualTo(-1);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        int firstNewline = 0;
        while (line[firstNewline] != '\n') {
            firstNewline++;
        }
        assertThat(firstNewline).as("first newline of a one-line record").isEqualTo(line.length - 1);
        assertThat(JsonModel.parseAllowingDuplicates(line)).isInstanceOf(Map.class);
    }

    /** Where the JDK's strict UTF-8 decoder first fails, or -1 when the bytes are UTF-8. */
    public static int firstIllFormedUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        return result.isError() ? in.position() : -1;
    }

    private static boolean looksLikeUtf16or32(byte[] bytes) {
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF
                || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE);
    }
}
