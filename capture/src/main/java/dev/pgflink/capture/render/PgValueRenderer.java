package dev.pgflink.capture.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pgflink.core.lake.DmsTypeMapping;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Renders a PostgreSQL value, given in its text form with its column's type, as DMS writes it to
 * Kinesis (the table in {@code dms-kinesis-format.md}): integers and bounded numerics as numbers,
 * booleans as the strings {@code "true"}/{@code "false"}, timestamps in ISO-8601 UTC with six
 * fractional digits, bytea as upper-case hex, everything else as its PostgreSQL text.
 *
 * <p>The replication connection must use {@code DateStyle=ISO} and {@code TimeZone=UTC}, so that
 * timestamp text is ISO and timestamptz text is already UTC.
 */
public final class PgValueRenderer {
    // Built-in type OIDs (pg_type.dat); stable across PostgreSQL versions.
    static final int BOOL = 16;
    static final int BYTEA = 17;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int OID = 26;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int TIMESTAMP = 1114;
    static final int TIMESTAMPTZ = 1184;
    static final int NUMERIC = 1700;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final boolean noHexPrefix;

    /** @param noHexPrefix the DMS endpoint setting NoHexPrefix: bytea without {@code 0x} */
    public PgValueRenderer(boolean noHexPrefix) {
        this.noHexPrefix = noHexPrefix;
    }

    public JsonNode render(int typeOid, int typeModifier, String text) {
        switch (typeOid) {
            case INT2:
            case INT4:
            case INT8:
            case OID:
                // Every one of these fits a long (oid is unsigned 32-bit).
                return NODES.numberNode(Long.parseLong(text));
            case NUMERIC:
                return numeric(typeModifier, text);
            case FLOAT4:
            case FLOAT8:
                return isFinite(text) ? NODES.numberNode(new BigDecimal(text)) : NODES.textNode(text);
            case BOOL:
                // The replication stream sends t/f; a ::text cast (the full load) gives true/false.
                return NODES.textNode("t".equals(text) || "true".equals(text) ? "true" : "false");
            case TIMESTAMP:
                return NODES.textNode(isoTimestamp(text));
            case TIMESTAMPTZ:
                return NODES.textNode(isoTimestamp(stripUtcOffset(text)));
            case BYTEA:
                return NODES.textNode(hex(text));
            default:
                return NODES.textNode(text);
        }
    }

    private static JsonNode numeric(int typeModifier, String text) {
        if (typeModifier < 4 || !isFinite(text)) {
            return NODES.textNode(text);
        }
        int precision = ((typeModifier - 4) >> 16) & 0xFFFF;
        if (precision > DmsTypeMapping.MAX_DECIMAL_PRECISION) {
            return NODES.textNode(text);
        }
        // DMS writes 27.30 as 27.3: the value, not the column's scale.
        BigDecimal value = new BigDecimal(text).stripTrailingZeros();
        return NODES.numberNode(value.scale() < 0 ? value.setScale(0) : value);
    }

    private static boolean isFinite(String text) {
        char first = text.charAt(0);
        return first == '-' ? text.length() > 1 && Character.isDigit(text.charAt(1)) : Character.isDigit(first)
                || first == '.';
    }

    /** {@code 2024-12-16 10:24:15.88} → {@code 2024-12-16T10:24:15.880000Z}; infinities stay as they are. */
    static String isoTimestamp(String text) {
        if (text.length() < 19 || text.charAt(10) != ' ' || text.endsWith(" BC")) {
            return text;
        }
        StringBuilder out = new StringBuilder(27).append(text, 0, 10).append('T').append(text, 11, 19).append('.');
        int fraction = text.length() > 20 && text.charAt(19) == '.' ? text.length() - 20 : 0;
        if (fraction > 0) {
            out.append(text, 20, 20 + Math.min(fraction, 6));
        }
        for (int i = fraction; i < 6; i++) {
            out.append('0');
        }
        return out.append('Z').toString();
    }

    private static String stripUtcOffset(String text) {
        return text.endsWith("+00") ? text.substring(0, text.length() - 3) : text;
    }

    /** PostgreSQL's hex output ({@code \x48656c6c6f}) as DMS writes it ({@code 0x48656C6C6F}). */
    private String hex(String text) {
        String digits = text.startsWith("\\x") ? text.substring(2) : text;
        return (noHexPrefix ? "" : "0x") + digits.toUpperCase(Locale.ROOT);
    }
}
