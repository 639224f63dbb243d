package dev.pgflink.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes {@link JsonModel} values as JSON text the way any valid writer may: {@code compact} as
 * DMS's {@code json-unformatted} (no whitespace), otherwise pretty-printed with varying
 * whitespace as {@code json} may be; strings with their characters sometimes raw, sometimes
 * escaped ({@code \n}, {@code \/}, {@code \}{@code u00e9}, surrogate pairs as two escapes). Independent of
 * Jackson, so the transform is not checked against the library it is built on.
 */
final class JsonTextWriter {
    private static final String[] INDENTS = {"", " ", "  ", "\t", "    "};
    private static final String[] NEWLINES = {"\n", "\n", "\r\n"};

    private final StringBuilder out = new StringBuilder(512);
    private final Random style;
    private final boolean compact;
    private final String indent;
    private final String newline;

    private JsonTextWriter(long styleSeed, boolean compact) {
        this.style = new Random(styleSeed);
        this.compact = compact;
        this.indent = INDENTS[style.nextInt(INDENTS.length)];
        this.newline = NEWLINES[style.nextInt(NEWLINES.length)];
    }

    /** The value as UTF-8 JSON text. */
    static byte[] write(Object value, long styleSeed, boolean compact) {
        JsonTextWriter writer = new JsonTextWriter(styleSeed, compact);
        writer.value(value, 0);
        if (!compact && writer.style.nextBoolean()) {
            writer.out.append(writer.newline);
        }
        return writer.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void value(Object value, int depth) {
        if (value instanceof Map) {
            Map<?, ?> object = (Map<?, ?>) value;
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                breakLine(depth + 1);
                string((String) member.getKey());
                colon();
                value(member.getValue(), depth + 1);
            }
            if (!object.isEmpty()) {
                breakLine(depth);
            }
            out.append('}');
        } else if (value instanceof List) {
            List<?> array = (List<?>) value;
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                breakLine(depth + 1);
                value(array.get(i), depth + 1);
            }
            if (!array.isEmpty()) {
                breakLine(depth);
            }
            out.append(']');
        } else if (value instanceof String) {
            string((String) value);
        } else if (value instanceof JsonModel.Num || value instanceof Boolean || value == JsonModel.NULL) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("not a JSON model value: " + value);
        }
    }

    private void breakLine(int depth) {
        if (!compact) {
            out.append(newline).append(indent.repeat(depth));
        }
    }

    private void colon() {
        if (compact) {
            out.append(':');
        } else {
            out.append(style.nextInt(4) == 0 ? " : " : style.nextBoolean() ? ": " : ":\t");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int chars = Character.charCount(cp);
            boolean escapeAnyway = style.nextInt(8) == 0;
            switch (cp) {
                case '"':
                    out.append(escapeAnyway ? "\\u0022" : "\\\"");
                    break;
                case '\\':
                    out.append(escapeAnyway ? "\\u005C" : "\\\\");
                    break;
                case '/':
                    out.append(escapeAnyway ? "\\/" : "/");
                    break;
                case '\b':
                    out.append(escapeAnyway ? "\\u0008" : "\\b");
                    break;
                case '\f':
                    out.append(escapeAnyway ? "\\u000c" : "\\f");
                    break;
                case '\n':
                    out.append(escapeAnyway ? "\\u000A" : "\\n");
                    break;
                case '\r':
                    out.append(escapeAnyway ? "\\u000d" : "\\r");
                    break;
                case '\t':
                    out.append(escapeAnyway ? "\\u0009" : "\\t");
                    break;
                default:
                    if (cp < 0x20 || escapeAnyway) {
                        for (int k = i; k < i + chars; k++) {
                            String hex = String.format("%04x", (int) s.charAt(k));
                            out.append("\\u").append(style.nextBoolean() ? hex : hex.toUpperCase());
                        }
                    } else {
                        out.appendCodePoint(cp);
                    }
            }
            i += chars;
        }
        out.append('"');
    }
}
