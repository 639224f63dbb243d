package dev.pgflink.core.dms;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;

/**
 * Parses DMS Kinesis records ({@code json} or {@code json-unformatted}) into {@link DmsRecord}s.
 * Fields DMS does not define are kept. Bad input is returned as a {@link Rejection}, never thrown.
 *
 * <p>Thread-safe. For the per-record hot path use the flatten transform, which reads the same
 * records without building trees.
 */
public final class DmsRecordParser {
    private final DmsRecordScanner scanner;

    /** A parser for the default before-image field name, {@code before-image}. */
    public DmsRecordParser() {
        this(DmsRecordScanner.DEFAULT_BEFORE_IMAGE_FIELD);
    }

    /** A parser for the before-image under {@code beforeImageField} (BeforeImageSettings.FieldName). */
    public DmsRecordParser(String beforeImageField) {
        this.scanner = new DmsRecordScanner(beforeImageField);
    }

    /** Parses one record; the result holds either the record or why it was rejected. */
    public ParseResult parse(byte[] bytes) {
        TreeSink sink = new TreeSink();
        try {
            DmsMetadata metadata = scanner.scan(bytes, sink);
            if (sink.extraMetadata.size() > 0) {
                metadata = metadata.toBuilder().extraFields(sink.extraMetadata).build();
            }
            return ParseResult.ok(DmsRecord.of(metadata, sink.data, sink.beforeImage, sink.control, sink.extra));
        } catch (RecordRejectedException e) {
            return ParseResult.rejected(e.rejection());
        }
    }

    /** Collects each part as an exact-number tree. */
    private static final class TreeSink implements DmsRecordScanner.Sink {
        ObjectNode data;
        ObjectNode beforeImage;
        ObjectNode control;
        final ObjectNode extra = JsonNodeFactory.instance.objectNode();
        final ObjectNode extraMetadata = JsonNodeFactory.instance.objectNode();

        @Override
        public void data(JsonParser parser) throws IOException {
            data = (ObjectNode) readTree(parser);
        }

        @Override
        public void beforeImage(JsonParser parser) throws IOException {
            beforeImage = (ObjectNode) readTree(parser);
        }

        @Override
        public void control(JsonParser parser) throws IOException {
            control = (ObjectNode) readTree(parser);
        }

        @Override
        public void extraField(String name, JsonParser parser) throws IOException {
            extra.set(name, readTree(parser));
        }

        @Override
        public void extraMetadataField(String name, JsonParser parser) throws IOException {
            extraMetadata.set(name, readTree(parser));
        }

        /**
         * The value as Jackson's exact-number tree would read it, except for a number that no
         * {@code BigDecimal} holds (an exponent beyond 32 bits, such as {@code 1e99999999999}):
         * Jackson throws there, and the transform copies it as text, so the tree keeps its text.
         */
        private static JsonNode readTree(JsonParser p) throws IOException {
            JsonNodeFactory nodes = DmsJson.mapper().getNodeFactory();
            switch (p.currentToken()) {
                case START_OBJECT: {
                    ObjectNode object = nodes.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        object.set(name, readTree(p));
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = nodes.arrayNode();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        array.add(readTree(p));
                    }
                    return array;
                }
                case VALUE_STRING:
                    return nodes.textNode(p.getText());
                case VALUE_NUMBER_INT:
                    switch (p.getNumberType()) {
                        case INT:
                            return nodes.numberNode(p.getIntValue());
                        case LONG:
                            return nodes.numberNode(p.getLongValue());
                        default:
                            return nodes.numberNode(p.getBigIntegerValue());
                    }
                case VALUE_NUMBER_FLOAT:
                    try {
                        return nodes.numberNode(p.getDecimalValue());
                    } catch (NumberFormatException e) {
                        return nodes.rawValueNode(new RawValue(p.getText()));
                    }
                case VALUE_TRUE:
                    return nodes.booleanNode(true);
                case VALUE_FALSE:
                    return nodes.booleanNode(false);
                case VALUE_NULL:
                    return nodes.nullNode();
                default:
                    throw new IllegalStateException("not at a value: " + p.currentToken());
            }
        }
    }

    /** Either a parsed record or a rejection. */
    public static final class ParseResult {
        private final DmsRecord record;
        private final Rejection rejection;

        private ParseResult(DmsRecord record, Rejection rejection) {
            this.record = record;
            this.rejection = rejection;
        }

        static ParseResult ok(DmsRecord record) {
            return new ParseResult(record, null);
        }

        static ParseResult rejected(Rejection rejection) {
            return new ParseResult(null, rejection);
        }

        public boolean isOk() {
            return record != null;
        }

        /** The record; throws when the input was rejected. */
        public DmsRecord record() {
            if (record == null) {
                throw new IllegalStateException("record was rejected: " + rejection);
            }
            return record;
        }

        /** Why the input was rejected; null when it was parsed. */
        public Rejection rejection() {
            return rejection;
        }

        @Override
        public String toString() {
            return isOk() ? record.toString() : rejection.toString();
        }
    }
}
