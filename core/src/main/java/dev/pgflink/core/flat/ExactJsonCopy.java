package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * Copies JSON values from a parser over a byte array to a generator, exactly: numbers keep their
 * text, and strings are copied as their raw bytes between the quotes, escapes included.
 *
 * <p>Written by hand because Jackson's {@code copyCurrentStructure} re-encodes floating-point
 * numbers through {@code double} (1234567890.123456789 would lose digits) and decodes and
 * re-encodes every string. Copying a string's bytes needs its end, which Jackson does not expose:
 * the parser skips the string when asked for the next token, and what lies between a string's
 * closing quote and the next token is, by the JSON grammar, only whitespace and one comma. The
 * parser still checks every byte it skips (UTF-8 sequences, control characters).
 */
final class ExactJsonCopy {
    private ExactJsonCopy() {
    }

    /**
     * Copies the members of the object whose START_OBJECT the parser is on, without the braces,
     * naming each member through {@code names}. Leaves the parser on the object's END_OBJECT.
     */
    static void copyMembers(byte[] input, JsonParser p, JsonGenerator g, PredictedNames names) throws IOException {
        int position = 0;
        SerializableString name = names.next(p, position);
        while (name != null) {
            g.writeFieldName(name);
            JsonToken value = p.nextToken();
            position++;
            if (value == JsonToken.VALUE_STRING) {
                int start = tokenOffset(p);
                name = names.next(p, position);
                writeStringBefore(input, start, p, g);
            } else {
                copyNonString(input, p, g, value);
                name = names.next(p, position);
            }
        }
    }

    /** Copies the value the parser is on, leaving the parser on its last token. */
    static void copyValue(byte[] input, JsonParser p, JsonGenerator g) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            // A string's end is only known once the parser has moved past it.
            g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else if (p.currentToken().isStructStart()) {
            copyStructure(input, p, g);
        } else {
            copyScalar(p, g);
        }
    }

    /** Copies the value at {@code value}, then returns the token after it. */
    private static JsonToken copyAndAdvance(byte[] input, JsonParser p, JsonGenerator g, JsonToken value)
            throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            int start = tokenOffset(p);
            JsonToken next = p.nextToken();
            writeStringBefore(input, start, p, g);
            return next;
        }
        copyNonString(input, p, g, value);
        return p.nextToken();
    }

    /**
     * Writes the string that starts at byte {@code start} and ends before the token the parser has
     * moved on to (a name, read by {@code nextFieldName} or {@code nextToken}: both set its location).
     */
    private static void writeStringBefore(byte[] input, int start, JsonParser p, JsonGenerator g) throws IOException {
        int end = closingQuoteBefore(input, tokenOffset(p));
        g.writeRawUTF8String(input, start + 1, end - start - 1);
    }

    private static void copyNonString(byte[] input, JsonParser p, JsonGenerator g, JsonToken value)
            throws IOException {
        if (value.isStructStart()) {
            copyStructure(input, p, g);
        } else {
            copyScalar(p, g);
        }
    }

    private static void copyStructure(byte[] input, JsonParser p, JsonGenerator g) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            g.writeStartObject();
            JsonToken token = p.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                g.writeFieldName(p.currentName());
                token = copyAndAdvance(input, p, g, p.nextToken());
            }
            g.writeEndObject();
        } else {
            g.writeStartArray();
            JsonToken token = p.nextToken();
            while (token != JsonToken.END_ARRAY) {
                token = copyAndAdvance(input, p, g, token);
            }
            g.writeEndArray();
        }
    }

    private static void copyScalar(JsonParser p, JsonGenerator g) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                break;
            case VALUE_TRUE:
                g.writeBoolean(true);
                break;
            case VALUE_FALSE:
                g.writeBoolean(false);
                break;
            case VALUE_NULL:
                g.writeNull();
                break;
            default:
                throw new IllegalStateException("not at a value: " + p.currentToken());
        }
    }

    private static int tokenOffset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** The closing quote of the string that ends before the token at {@code nextToken}. */
    private static int closingQuoteBefore(byte[] input, int nextToken) {
        int i = nextToken - 1;
        while (input[i] != '"') {
            // Only whitespace and one comma can stand here; anything else is a bug, not bad input.
            byte b = input[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != ',') {
                throw new IllegalStateException("unexpected byte " + b + " after a string at " + i);
            }
            i--;
        }
        return i;
    }
}
