package dev.pgflink.core.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON values as the fuzz tests model them: {@link #NULL}, {@link Boolean}, {@link String},
 * {@link Num} (a number as its exact text), {@link List} and {@link LinkedHashMap}. Equality is
 * Java's, so a number compares by its text: {@code 1.50} is not {@code 1.5}.
 */
public final class JsonModel {
    /** JSON {@code null} (maps and lists hold it where Java would hold null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, exactly as written. */
    public record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory LENIENT = new JsonFactory();

    private JsonModel() {
    }

    /**
     * Reads one JSON document with Jackson (not through any code under test), or empty when the
     * document holds an object with the same key twice, which a map cannot model.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON document
     */
    public static Optional<Object> parse(byte[] json) {
        return parse(json, STRICT);
    }

    /** Reads one JSON document; of a key given twice, the last value counts. */
    public static Object parseAllowingDuplicates(byte[] json) {
        return parse(json, LENIENT).orElseThrow();
    }

    private static Optional<Object> parse(byte[] json, JsonFactory factory) {
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON document");
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON document");
            }
            return Optional.of(value);
        } catch (StreamReadException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field")) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.put(name, read(p));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p));
                }
                return array;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IllegalStateException("unexpected " + p.currentToken());
        }
    }
}
