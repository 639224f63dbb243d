package dev.pgflink.capture.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PgValueRendererTest {
    private final PgValueRenderer renderer = new PgValueRenderer(false);

    private String json(int oid, int typmod, String text) {
        JsonNode node = renderer.render(oid, typmod, text);
        return node.toString();
    }

    private static int numericTypmod(int precision, int scale) {
        return (precision << 16) + scale + 4;
    }

    @Test
    void integersAreNumbersOfAnySize() {
        assertThat(json(21, -1, "-32768")).isEqualTo("-32768");
        assertThat(json(23, -1, "35")).isEqualTo("35");
        assertThat(json(20, -1, "9223372036854775807")).isEqualTo("9223372036854775807");
    }

    @Test
    void boundedNumericsAreNumbersWithoutTrailingZerosAndOthersAreStrings() {
        assertThat(json(1700, numericTypmod(10, 2), "27.30")).isEqualTo("27.3");
        assertThat(json(1700, numericTypmod(10, 2), "100.00")).isEqualTo("100");
        assertThat(json(1700, numericTypmod(38, 10), "1234567890.1234567890")).isEqualTo("1234567890.123456789");
        assertThat(json(1700, -1, "1234567890.123456789")).isEqualTo("\"1234567890.123456789\"");
        assertThat(json(1700, numericTypmod(50, 0), "12")).isEqualTo("\"12\"");
        assertThat(json(1700, numericTypmod(10, 2), "NaN")).isEqualTo("\"NaN\"");
    }

    @Test
    void floatsAreNumbersUnlessNotFinite() {
        assertThat(json(700, -1, "1.5")).isEqualTo("1.5");
        assertThat(json(701, -1, "-2.5e-05")).isEqualTo("-0.000025");
        assertThat(json(701, -1, "Infinity")).isEqualTo("\"Infinity\"");
        assertThat(json(701, -1, "-Infinity")).isEqualTo("\"-Infinity\"");
    }

    @Test
    void booleansAreTheStringsDmsWrites() {
        assertThat(json(16, -1, "t")).isEqualTo("\"true\"");
        assertThat(json(16, -1, "f")).isEqualTo("\"false\"");
    }

    @Test
    void booleansReadWithATextCastAreTheSameStrings() {
        // The full load reads columns as ::text, where PostgreSQL writes true/false, not t/f.
        assertThat(json(16, -1, "true")).isEqualTo("\"true\"");
        assertThat(json(16, -1, "false")).isEqualTo("\"false\"");
    }

    @Test
    void timestampsAreIsoUtcWithSixFractionalDigits() {
        assertThat(json(1114, -1, "2024-12-16 10:24:15.889986")).isEqualTo("\"2024-12-16T10:24:15.889986Z\"");
        assertThat(json(1114, -1, "2024-12-16 10:24:15.88")).isEqualTo("\"2024-12-16T10:24:15.880000Z\"");
        assertThat(json(1114, -1, "2024-12-16 10:24:15")).isEqualTo("\"2024-12-16T10:24:15.000000Z\"");
        assertThat(json(1184, -1, "2024-12-16 10:24:15.5+00")).isEqualTo("\"2024-12-16T10:24:15.500000Z\"");
        assertThat(json(1114, -1, "infinity")).isEqualTo("\"infinity\"");
    }

    @Test
    void byteaIsUpperCaseHexWithOrWithoutPrefix() {
        assertThat(json(17, -1, "\\x48656c6c6f")).isEqualTo("\"0x48656C6C6F\"");
        assertThat(new PgValueRenderer(true).render(17, -1, "\\x00ff").asText()).isEqualTo("00FF");
    }

    @Test
    void everythingElseIsItsPostgresText() {
        assertThat(json(2950, -1, "0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11")).isEqualTo("\"0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11\"");
        assertThat(json(3802, -1, "{\"foo\": \"bar\"}")).isEqualTo("\"{\\\"foo\\\": \\\"bar\\\"}\"");
        assertThat(json(1007, -1, "{1,2}")).isEqualTo("\"{1,2}\"");
        assertThat(json(1082, -1, "2024-12-16")).isEqualTo("\"2024-12-16\"");
        assertThat(json(1083, -1, "13:24:38.504")).isEqualTo("\"13:24:38.504\"");
        assertThat(json(1186, -1, "1 day 02:00:00")).isEqualTo("\"1 day 02:00:00\"");
        assertThat(json(1043, -1, "Olivia")).isEqualTo("\"Olivia\"");
        assertThat(json(90_000, -1, "Cancelled")).isEqualTo("\"Cancelled\"");
    }
}
