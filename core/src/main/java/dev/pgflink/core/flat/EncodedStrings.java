package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Strings that come back in every record (column names, schema and table names), JSON-encoded
 * once. Writing a String costs Jackson about as much as parsing it; a pre-encoded one is a copy.
 * Bounded: a source with very many distinct names clears the cache rather than grow it.
 */
final class EncodedStrings {
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, Entry> encoded = new HashMap<>();
    private final UnaryOperator<String> rename;

    /** @param rename applied to a string before it is encoded (the column-name escape rule, or none) */
    EncodedStrings(UnaryOperator<String> rename) {
        this.rename = rename;
    }

    SerializableString get(String value) {
        return entry(value).encoded;
    }

    /** The string as read and as written; the read form is what {@link PredictedNames} matches input against. */
    Entry entry(String value) {
        Entry result = encoded.get(value);
        if (result == null) {
            if (encoded.size() >= MAX_ENTRIES) {
                encoded.clear();
            }
            result = new Entry(new SerializedString(value), new SerializedString(rename.apply(value)));
            encoded.put(value, result);
        }
        return result;
    }

    static final class Entry {
        final SerializedString source;
        final SerializableString encoded;

        Entry(SerializedString source, SerializableString encoded) {
            this.source = source;
            this.encoded = encoded;
        }
    }
}
