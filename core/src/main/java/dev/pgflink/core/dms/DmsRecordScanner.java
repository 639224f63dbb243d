package dev.pgflink.core.dms;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Objects;

/**
 * One streaming pass over a DMS record's bytes: reads and checks the envelope and the metadata,
 * and hands {@code data}, the before-image and {@code control} to a {@link Sink} as it meets
 * them, so a caller can copy them without building a tree. Both the model parser and the flatten
 * transform read records through this class, so they classify bad input the same way.
 *
 * <p>Thread-safe: besides its configuration it holds only the last schema and table names read,
 * immutable strings behind volatile fields.
 */
public final class DmsRecordScanner {
    /** Kinesis' limit for one record; DMS cannot produce a larger one. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** The DMS default for BeforeImageSettings.FieldName. */
    public static final String DEFAULT_BEFORE_IMAGE_FIELD = "before-image";

    private static final RecordType[] RECORD_TYPES = RecordType.values();
    private static final Operation[] OPERATIONS = Operation.values();

    private final String beforeImageField;
    private final LastName schemaNames = new LastName();
    private final LastName tableNames = new LastName();

    public DmsRecordScanner(String beforeImageField) {
        this.beforeImageField = Objects.requireNonNull(beforeImageField, "beforeImageField");
        if (beforeImageField.isEmpty() || beforeImageField.equals("data") || beforeImageField.equals("metadata")
                || beforeImageField.equals("control")) {
            throw new IllegalArgumentException("before-image field name must be non-empty and not "
                    + "'data', 'metadata' or 'control': '" + beforeImageField + "'");
        }
    }

    public String beforeImageField() {
        return beforeImageField;
    }

    /**
     * Receives the parts of a record as the scan meets them. Each method is called with the parser
     * on the first token of the value and must consume the value whole; the defaults skip it.
     */
    public interface Sink {
        default void data(JsonParser parser) throws IOException {
            parser.skipChildren();
        }

        default void beforeImage(JsonParser parser) throws IOException {
            parser.skipChildren();
        }

        default void control(JsonParser parser) throws IOException {
            parser.skipChildren();
        }

        /** A top-level field DMS does not define. */
        default void extraField(String name, JsonParser parser) throws IOException {
            parser.skipChildren();
        }

        /** A metadata field DMS does not define. */
        default void extraMetadataField(String name, JsonParser parser) throws IOException {
            parser.skipChildren();
        }
    }

    /**
     * Scans one record.
     *
     * @return the record's checked metadata
     * @throws RecordRejectedException when the bytes are not a usable DMS record
     */
    public DmsMetadata scan(byte[] bytes, Sink sink) throws RecordRejectedException {
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new RecordRejectedException(ErrorType.RECORD_TOO_LARGE, "record is " + bytes.length
                    + " bytes; a Kinesis record holds at most " + MAX_RECORD_BYTES);
        }
        if (looksLikeUtf16or32(bytes)) {
            throw new RecordRejectedException(ErrorType.NOT_UTF8,
                    "record is UTF-16 or UTF-32 encoded (zero bytes at its start); DMS writes UTF-8");
        }
        // Before parsing: Jackson accepts overlong forms, surrogates and code points above U+10FFFF
        // inside strings, and the transform copies string values as raw bytes.
        int notUnicode = StrictUtf8.firstProblem(bytes);
        if (notUnicode != StrictUtf8.NONE) {
            throw new RecordRejectedException(ErrorType.NOT_UTF8, StrictUtf8.describe(bytes, notUnicode));
        }
        try (JsonParser parser = DmsJson.factory().createParser(bytes)) {
            return scanDocument(parser, sink);
        } catch (JsonProcessingException e) {
            throw classifySyntaxError(e);
        } catch (IOException e) {
            throw new RecordRejectedException(ErrorType.NOT_JSON, "unreadable: " + e.getMessage());
        }
    }

    private DmsMetadata scanDocument(JsonParser parser, Sink sink) throws IOException, RecordRejectedException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new RecordRejectedException(ErrorType.NOT_JSON, "record is empty or blank");
        }
        if (first != JsonToken.START_OBJECT) {
            parser.skipChildren();
            requireEndOfInput(parser);
            throw new RecordRejectedException(ErrorType.NOT_AN_OBJECT,
                    "record is " + describe(first) + ", not a JSON object");
        }
        MetadataReader metadata = null;
        boolean sawData = false;
        boolean sawBeforeImage = false;
        boolean sawControl = false;
        RecordRejectedException problem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("metadata".equals(name)) {
                if (metadata != null) {
                    problem = first(problem, ErrorType.INVALID_METADATA, "'metadata' appears twice");
                    parser.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    metadata = new MetadataReader(this);
                    problem = first(problem, metadata.read(parser, sink));
                } else {
                    metadata = MetadataReader.ABSENT;
                    if (value != JsonToken.VALUE_NULL) {
                        problem = first(problem, ErrorType.INVALID_METADATA,
                                "'metadata' is " + describe(value) + ", not an object");
                    }
                    parser.skipChildren();
                }
            } else if ("data".equals(name)) {
                problem = first(problem, checkPart(name, value, sawData));
                sawData |= value != JsonToken.VALUE_NULL;
                deliver(value, parser, sink::data);
            } else if (beforeImageField.equals(name)) {
                problem = first(problem, checkPart(name, value, sawBeforeImage));
                sawBeforeImage |= value != JsonToken.VALUE_NULL;
                deliver(value, parser, sink::beforeImage);
            } else if ("control".equals(name)) {
                problem = first(problem, checkPart(name, value, sawControl));
                sawControl |= value != JsonToken.VALUE_NULL;
                deliver(value, parser, sink::control);
            } else {
                sink.extraField(name, parser);
            }
        }
        requireEndOfInput(parser);
        if (metadata == null || metadata == MetadataReader.ABSENT && problem == null) {
            throw new RecordRejectedException(ErrorType.MISSING_METADATA, "record has no 'metadata' object");
        }
        if (problem != null) {
            throw problem;
        }
        DmsMetadata checked = metadata.build();
        if (checked.recordType() == RecordType.DATA && !sawData) {
            throw new RecordRejectedException(ErrorType.MISSING_DATA,
                    "data record (" + checked.operation().wireName() + ") has no 'data' object");
        }
        return checked;
    }

    private interface PartReader {
        void read(JsonParser parser) throws IOException;
    }

    /** Hands an object to the sink; anything else (already reported) is skipped. */
    private static void deliver(JsonToken value, JsonParser parser, PartReader reader) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            reader.read(parser);
        } else {
            parser.skipChildren();
        }
    }

    private static RecordRejectedException checkPart(String name, JsonToken value, boolean seenBefore) {
        if (seenBefore) {
            return new RecordRejectedException(ErrorType.INVALID_DATA, "'" + name + "' appears twice");
        }
        if (value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
            return new RecordRejectedException(ErrorType.INVALID_DATA,
                    "'" + name + "' is " + describe(value) + ", not an object");
        }
        return null;
    }

    private static RecordRejectedException first(RecordRejectedException earlier, RecordRejectedException next) {
        return earlier != null ? earlier : next;
    }

    private static RecordRejectedException first(RecordRejectedException earlier, ErrorType type, String reason) {
        return earlier != null ? earlier : new RecordRejectedException(type, reason);
    }

    private static void requireEndOfInput(JsonParser parser) throws IOException, RecordRejectedException {
        if (parser.nextToken() != null) {
            throw new RecordRejectedException(ErrorType.NOT_JSON,
                    "more content after the first JSON document (concatenated records?) at byte "
                            + parser.currentLocation().getByteOffset());
        }
    }

    private static RecordRejectedException classifySyntaxError(JsonProcessingException e) {
        // Limits (nesting depth, number length) carry no location.
        String where = e.getLocation() == null ? "" : " (byte " + e.getLocation().getByteOffset() + ")";
        return new RecordRejectedException(ErrorType.NOT_JSON, "not valid JSON: " + e.getOriginalMessage() + where);
    }

    /** JSON text starting with a zero byte in its first four is UTF-16 or UTF-32 (RFC 4627, section 3). */
    private static boolean looksLikeUtf16or32(byte[] bytes) {
        int n = Math.min(bytes.length, 4);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return n >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    }

    static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    /** Whether the current string token is {@code expected}, compared in the parser's buffer: no String made. */
    private static boolean textIs(JsonParser parser, String expected) throws IOException {
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The last schema or table name read. Records mostly repeat it, and handing back the same
     * String saves making one and lets the transform's name cache match it by identity.
     */
    private static final class LastName {
        private volatile String last;

        /** The current string token's text. */
        String read(JsonParser parser) throws IOException {
            String remembered = last;
            if (remembered != null && textIs(parser, remembered)) {
                return remembered;
            }
            String text = parser.getText();
            last = text;
            return text;
        }
    }

    /** Reads the metadata object into a builder; records the first problem instead of stopping. */
    private static final class MetadataReader {
        static final MetadataReader ABSENT = new MetadataReader(null);

        /**
         * The metadata fields in the order DMS writes them; a field predicts the one after it (the
         * last one, the first). partition-key-value, rare (and absent from DMS's documented examples),
         * goes last so the common partition-key-type still predicts schema-name.
         */
        private enum Field {
            TIMESTAMP("timestamp"), RECORD_TYPE("record-type"), OPERATION("operation"),
            PARTITION_KEY_TYPE("partition-key-type"), SCHEMA_NAME("schema-name"), TABLE_NAME("table-name"),
            TRANSACTION_ID("transaction-id"), TRANSACTION_RECORD_ID("transaction-record-id"),
            PREV_TRANSACTION_ID("prev-transaction-id"), PREV_TRANSACTION_RECORD_ID("prev-transaction-record-id"),
            COMMIT_TIMESTAMP("commit-timestamp"), STREAM_POSITION("stream-position"),
            PARTITION_KEY_VALUE("partition-key-value");

            private static final Field[] IN_ORDER = values();

            private final SerializedString wireName;

            Field(String wireName) {
                this.wireName = new SerializedString(wireName);
                // Encoded here, in class initialisation, so threads sharing the scanner never
                // race on SerializedString's lazily filled (non-volatile) byte arrays.
                this.wireName.asQuotedUTF8();
            }

            Field next() {
                return IN_ORDER[(ordinal() + 1) % IN_ORDER.length];
            }

            /** The field of that name, or {@code null} for a field DMS does not define. */
            static Field named(String name) {
                for (Field field : IN_ORDER) {
                    if (field.wireName.getValue().equals(name)) {
                        return field;
                    }
                }
                return null;
            }
        }

        private final DmsRecordScanner scanner;
        private final DmsMetadata.Builder builder = DmsMetadata.builder();
        private String timestamp;
        // A known record type or operation is matched without a String; the text is kept only
        // when it is unknown, for the rejection. Both null: absent (or null, or not a string).
        private RecordType recordType;
        private String unknownRecordType;
        private Operation operation;
        private String unknownOperation;
        private RecordRejectedException problem;

        MetadataReader(DmsRecordScanner scanner) {
            this.scanner = scanner;
        }

        RecordRejectedException read(JsonParser parser, Sink sink) throws IOException {
            Field expected = Field.TIMESTAMP; // the field DMS writes next, if the record keeps to its order
            while (true) {
                Field field;
                // A match against the raw bytes skips Jackson's name parsing and symbol table.
                if (parser.nextFieldName(expected.wireName)) {
                    field = expected;
                } else if (parser.currentToken() == JsonToken.FIELD_NAME) {
                    field = Field.named(parser.currentName());
                } else {
                    break;
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field == null) {
                    sink.extraMetadataField(name, parser);
                    continue;
                }
                expected = field.next();
                switch (field) {
                    case TIMESTAMP:
                        timestamp = string(name, value, parser);
                        builder.timestamp(timestamp);
                        break;
                    case RECORD_TYPE:
                        recordType = value == JsonToken.VALUE_STRING ? recordType(parser) : null;
                        unknownRecordType = recordType != null ? null : string(name, value, parser);
                        break;
                    case OPERATION:
                        operation = value == JsonToken.VALUE_STRING ? operation(parser) : null;
                        unknownOperation = operation != null ? null : string(name, value, parser);
                        break;
                    case PARTITION_KEY_TYPE:
                        builder.partitionKeyType(string(name, value, parser));
                        break;
                    case PARTITION_KEY_VALUE:
                        // DMS writes it as a string; a key written as a number keeps its text.
                        builder.partitionKeyValue(value.isNumeric() ? parser.getText() : string(name, value, parser));
                        break;
                    case SCHEMA_NAME:
                        builder.schemaName(name(scanner.schemaNames, name, value, parser));
                        break;
                    case TABLE_NAME:
                        builder.tableName(name(scanner.tableNames, name, value, parser));
                        break;
                    case TRANSACTION_ID:
                        builder.transactionId(integer(name, value, parser));
                        break;
                    case TRANSACTION_RECORD_ID:
                        builder.transactionRecordId(integer(name, value, parser));
                        break;
                    case PREV_TRANSACTION_ID:
                        builder.prevTransactionId(integer(name, value, parser));
                        break;
                    case PREV_TRANSACTION_RECORD_ID:
                        builder.prevTransactionRecordId(integer(name, value, parser));
                        break;
                    case COMMIT_TIMESTAMP:
                        builder.commitTimestamp(string(name, value, parser));
                        break;
                    case STREAM_POSITION:
                        builder.streamPosition(string(name, value, parser));
                        break;
                }
            }
            return problem;
        }

        private String string(String name, JsonToken value, JsonParser parser) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            if (value != JsonToken.VALUE_NULL) {
                invalid("metadata '" + name + "' is " + describe(value) + ", not a string");
                parser.skipChildren();
            }
            return null;
        }

        private String name(LastName last, String name, JsonToken value, JsonParser parser) throws IOException {
            return value == JsonToken.VALUE_STRING ? last.read(parser) : string(name, value, parser);
        }

        private static RecordType recordType(JsonParser parser) throws IOException {
            for (RecordType type : RECORD_TYPES) {
                if (textIs(parser, type.wireName())) {
                    return type;
                }
            }
            return null;
        }

        private static Operation operation(JsonParser parser) throws IOException {
            for (Operation op : OPERATIONS) {
                if (textIs(parser, op.wireName())) {
                    return op;
                }
            }
            return null;
        }

        private Long integer(String name, JsonToken value, JsonParser parser) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return parser.getLongValue();
                } catch (InputCoercionException e) {
                    invalid("metadata '" + name + "' is out of range: " + parser.getText());
                    return null;
                }
            }
            if (value != JsonToken.VALUE_NULL) {
                invalid("metadata '" + name + "' is " + describe(value) + ", not an integer");
                parser.skipChildren();
            }
            return null;
        }

        private void invalid(String reason) {
            if (problem == null) {
                problem = new RecordRejectedException(ErrorType.INVALID_METADATA, reason);
            }
        }

        DmsMetadata build() throws RecordRejectedException {
            RecordType type = recordType;
            if (type == null && unknownRecordType == null) {
                throw new RecordRejectedException(ErrorType.INVALID_METADATA, "metadata has no 'record-type'");
            }
            if (type == null) {
                throw new RecordRejectedException(ErrorType.UNKNOWN_RECORD_TYPE,
                        "record-type '" + unknownRecordType + "' is neither 'data' nor 'control'");
            }
            Operation op = operation;
            if (op == null && unknownOperation == null) {
                throw new RecordRejectedException(ErrorType.INVALID_METADATA, "metadata has no 'operation'");
            }
            if (op == null) {
                throw new RecordRejectedException(ErrorType.UNKNOWN_OPERATION,
                        "operation '" + unknownOperation + "' is not a DMS operation");
            }
            if (op.recordType() != type) {
                throw new RecordRejectedException(ErrorType.UNKNOWN_OPERATION, "operation '" + op.wireName()
                        + "' is not defined for " + type.wireName() + " records");
            }
            if (timestamp == null) {
                throw new RecordRejectedException(ErrorType.INVALID_METADATA, "metadata has no 'timestamp'");
            }
            DmsMetadata built;
            try {
                built = builder.recordType(type).operation(op).build();
            } catch (DateTimeException e) {
                throw new RecordRejectedException(ErrorType.INVALID_METADATA, "metadata " + e.getMessage());
            }
            if (type == RecordType.DATA && (isBlank(built.schemaName()) || isBlank(built.tableName()))) {
                throw new RecordRejectedException(ErrorType.INVALID_METADATA,
                        "data record has no 'schema-name' or 'table-name'");
            }
            return built;
        }

        private static boolean isBlank(String s) {
            return s == null || s.isEmpty();
        }
    }
}
