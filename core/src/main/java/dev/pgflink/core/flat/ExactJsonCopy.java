package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Copies one JSON value from a parser to a generator, keeping numbers as their exact text.
 *
 * <p>Written by hand because Jackson's {@code copyCurrentStructure} re-encodes floating-point
 * numbers through {@code double} (1234567890.123456789 would lose digits), and its exact variant
 * goes through {@code BigDecimal} for every number; copying the characters is both exact and cheap.
 */
final class ExactJsonCopy {
    private ExactJsonCopy() {
    }

    /** Copies the value at the parser's current token, leaving the parser on its last token. */
    static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                g.writeStartObject();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    copyValue(p, g);
                }
                g.writeEndObject();
                break;
            case START_ARRAY:
                g.writeStartArray();
                while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    copyValue(p, g);
                }
                g.writeEndArray();
                break;
            case VALUE_STRING:
                g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                break;
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
}
