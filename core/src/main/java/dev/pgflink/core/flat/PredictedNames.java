package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * The member names of the last object read, by position, offered to the parser as the next name
 * to expect. Records of one table repeat their column names in the same order, and
 * {@code UTF8StreamJsonParser.nextFieldName(SerializableString)} matches a predicted name against
 * the input's raw bytes: no name decoding, no symbol-table lookup, and no lookup here either. A
 * miss (another table, an escaped name) reads the name the usual way and replaces the prediction
 * at that position.
 *
 * <p>Not thread-safe: one per transform instance, like the instance's other buffers.
 */
final class PredictedNames {
    /** Positions beyond this are not predicted, so one very wide record cannot pin a large array. */
    private static final int MAX_POSITIONS = 4096;

    private final EncodedStrings names;
    private EncodedStrings.Entry[] byPosition = new EncodedStrings.Entry[32];

    PredictedNames(EncodedStrings names) {
        this.names = names;
    }

    /**
     * Advances the parser to the next token and returns the encoded output name if it is the name
     * of the member at {@code position}; null if it is anything else (the object's end).
     */
    SerializableString next(JsonParser p, int position) throws IOException {
        EncodedStrings.Entry predicted = position < byPosition.length ? byPosition[position] : null;
        if (predicted != null) {
            // True also when Jackson's slow path read the same name (escaped, say): the output
            // depends only on the decoded name, so that is still the right encoded form.
            if (p.nextFieldName(predicted.source)) {
                return predicted.encoded;
            }
            if (p.currentToken() != JsonToken.FIELD_NAME) {
                return null;
            }
        } else if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        EncodedStrings.Entry read = names.entry(p.currentName());
        remember(position, read);
        return read.encoded;
    }

    private void remember(int position, EncodedStrings.Entry entry) {
        if (position >= byPosition.length) {
            if (position >= MAX_POSITIONS) {
                return;
            }
            EncodedStrings.Entry[] grown = new EncodedStrings.Entry[
                    Math.min(MAX_POSITIONS, Math.max(position + 1, byPosition.length * 2))];
            System.arraycopy(byPosition, 0, grown, 0, byPosition.length);
            byPosition = grown;
        }
        byPosition[position] = entry;
    }
}
