package dev.pgflink.core.dms;

import static dev.pgflink.core.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import dev.pgflink.core.fuzz.DmsRecordArbitraries;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record is UTF-8 as RFC 3629 and Unicode's Table 3-7 define it, or it is rejected as
 * {@code not-utf8} with the offset of the first byte that is not, wherever that byte stands.
 */
class StrictUtf8Test {
    private static final String METADATA = "\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\","
            + "\"record-type\":\"data\",\"operation\":\"update\",\"schema-name\":\"s\",\"table-name\":\"t\"}";

    private final FlattenTransform transform = new FlattenTransform();

    /** Where in a record the bytes under test stand: the text before them and after them. */
    enum Place {
        STRING_VALUE("{\"data\":{\"id\":1,\"v\":\"a", "b\"}," + METADATA + "}"),
        KEY("{\"data\":{\"id\":1,\"k", "\":2}," + METADATA + "}"),
        METADATA_VALUE("{\"data\":{\"id\":1},\"metadata\":{\"timestamp\":\"2024-12-16T14:00:00.000000Z\","
                + "\"record-type\":\"data\",\"operation\":\"update\",\"schema-name\":\"s", "\",\"table-name\":\"t\"}}"),
        BEFORE_IMAGE_KEY("{\"data\":{\"id\":1},\"before-image\":{\"n\":{\"k", "\":1}}," + METADATA + "}"),
        OUTSIDE_STRINGS("{\"data\":{\"id\":1} ", "," + METADATA + "}");

        final String before;
        final String after;

        Place(String before, String after) {
            this.before = before;
            this.after = after;
        }

        byte[] around(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8(before));
            out.writeBytes(bytes);
            out.writeBytes(utf8(after));
            return out.toByteArray();
        }

        int offset() {
            return utf8(before).length;
        }
    }

    /** Not UTF-8 (Table 3-7), each with what is wrong with it. */
    static final String[][] ILL_FORMED = {
        {"C0 AF", "an overlong encoding"}, // '/' in two bytes
        {"C1 BF", "an overlong encoding"},
        {"E0 80 AF", "an overlong encoding"}, // '/' in three bytes
        {"E0 9F BF", "an overlong encoding"}, // U+07FF in three bytes
        {"F0 8F BF BF", "an overlong encoding"}, // U+FFFF in four bytes
        {"ED A0 80", "a UTF-16 surrogate, U+D800..U+DFFF"}, // U+D800
        {"ED BF BF", "a UTF-16 surrogate, U+D800..U+DFFF"}, // U+DFFF
        {"ED A0 BD ED B2 A9", "a UTF-16 surrogate, U+D800..U+DFFF"}, // a surrogate pair encoded as two (CESU-8)
        {"F4 90 80 80", "above U+10FFFF"}, // U+110000
        {"F5 80 80 80", "above U+10FFFF"},
        {"F7 BF BF BF", "above U+10FFFF"},
        {"F8 88 80 80 80", "a byte UTF-8 never uses"},
        {"FF", "a byte UTF-8 never uses"},
        {"80", "a continuation byte without a lead byte"},
        {"C3 28", "a sequence cut short"},
        {"E2 82", "a sequence cut short"},
        {"F0 9F 9A", "a sequence cut short"},
    };

    static List<Object[]> illFormedEverywhere() {
        List<Object[]> cases = new ArrayList<>();
        for (String[] sequence : ILL_FORMED) {
            for (Place place : Place.values()) {
                cases.add(new Object[] {sequence[0], sequence[1], place});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("illFormedEverywhere")
    void anIllFormedSequenceIsRejectedAsNotUtf8AtItsOffset(String hex, String problem, Place place) {
        byte[] record = place.around(DmsRecordArbitraries.hex(hex));

        TransformResult result = transform.apply(record);

        assertThat(result.kind()).isEqualTo(TransformResult.Kind.REJECTED);
        assertThat(result.rejection().type()).isEqualTo(ErrorType.NOT_UTF8);
        assertThat(result.rejection().reason()).startsWith("not UTF-8 at byte " + place.offset() + ": ")
                .endsWith("(" + problem + ")");
        assertThat(new DmsRecordParser().parse(record).rejection()).isEqualTo(result.rejection());
    }

    @Test
    void theReasonShowsTheBytesOfTheSequence() {
        TransformResult result = transform.apply(Place.STRING_VALUE.around(DmsRecordArbitraries.hex("F4 90 80 80")));

        assertThat(result.rejection().reason()).isEqualTo("not UTF-8 at byte 22: F4 90 80 80 (above U+10FFFF)");
    }

    /** The first and last code point of each row of Table 3-7, and the corners around the surrogates. */
    @ParameterizedTest
    @ValueSource(strings = {"7F", "C2 80", "DF BF", "E0 A0 80", "E1 80 80", "EC BF BF", "ED 80 80", "ED 9F BF",
        "EE 80 80", "EF BF BD", "EF BF BF", "F0 90 80 80", "F1 80 80 80", "F3 BF BF BF", "F4 80 80 80", "F4 8F BF BF",
        "EF BB BF"})
    void wellFormedSequencesPassIntoTheLineUnchanged(String hex) {
        byte[] sequence = DmsRecordArbitraries.hex(hex);

        TransformResult inValue = transform.apply(Place.STRING_VALUE.around(sequence));
        TransformResult inKey = transform.apply(Place.KEY.around(sequence));

        assertThat(inValue.kind()).isEqualTo(TransformResult.Kind.DATA);
        assertThat(inValue.line()).containsSequence(concat(utf8("\"a"), sequence, utf8("b\"")));
        assertThat(inKey.kind()).isEqualTo(TransformResult.Kind.DATA);
        assertThat(inKey.line()).containsSequence(concat(utf8("\"k"), sequence, utf8("\":2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ud800\\u0041", "\\ud800\\ud800",
        "\\udc00\\ud800", "\\ud83d"})
    void anEscapedLoneSurrogateIsRejectedAsNotUtf8(String escape) {
        for (Place place : new Place[] {Place.STRING_VALUE, Place.KEY, Place.METADATA_VALUE, Place.BEFORE_IMAGE_KEY}) {
            TransformResult result = transform.apply(place.around(utf8(escape)));

            assertThat(result.kind()).as(place.name()).isEqualTo(TransformResult.Kind.REJECTED);
            assertThat(result.rejection().type()).isEqualTo(ErrorType.NOT_UTF8);
            assertThat(result.rejection().reason()).isEqualTo("the escape " + escape.substring(0, 6) + " at byte "
                    + place.offset() + " is half a UTF-16 surrogate pair: text that has no UTF-8 form");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud83d\\ude9a", "\\uD800\\uDC00", "\\uDBFF\\uDFFF", "\\\\ud800", "\\ud7ff", "\\ue000",
        "\\uffff", "\\u0000"})
    void escapesOfWholeCharactersPassAsWritten(String escape) {
        TransformResult result = transform.apply(Place.STRING_VALUE.around(utf8(escape)));

        assertThat(result.kind()).isEqualTo(TransformResult.Kind.DATA);
        assertThat(result.lineText()).contains("\"v\":\"a" + escape + "b\"");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
