package dev.pgflink.core.dms;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link DmsRecord}s as DMS does: top-level order {@code data}, before-image,
 * {@code control}, {@code metadata}; metadata fields in DMS's order; absent fields left out.
 * The capture and every test produce DMS records through this class.
 *
 * <p>Thread-safe.
 */
public final class DmsRecordWriter {
    private final MessageFormat format;
    private final String beforeImageField;

    public DmsRecordWriter(MessageFormat format) {
        this(format, DmsRecordScanner.DEFAULT_BEFORE_IMAGE_FIELD);
    }

    public DmsRecordWriter(MessageFormat format, String beforeImageField) {
        this.format = Objects.requireNonNull(format, "format");
        this.beforeImageField = new DmsRecordScanner(beforeImageField).beforeImageField();
    }

    /** The record as UTF-8 JSON, pretty-printed for {@code json}, one line for {@code json-unformatted}. */
    public byte[] write(DmsRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = DmsJson.factory().createGenerator(out)) {
            if (format == MessageFormat.JSON) {
                gen.useDefaultPrettyPrinter();
            }
            gen.writeStartObject();
            writeObjectField(gen, "data", record.data());
            writeObjectField(gen, beforeImageField, record.beforeImage());
            writeObjectField(gen, "control", record.control());
            gen.writeFieldName("metadata");
            writeMetadata(gen, record.metadata());
            writeFields(gen, record.extraFields());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeMetadata(JsonGenerator gen, DmsMetadata m) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("timestamp", m.timestamp());
        gen.writeStringField("record-type", m.recordType().wireName());
        gen.writeStringField("operation", m.operation().wireName());
        writeString(gen, "partition-key-type", m.partitionKeyType());
        writeString(gen, "partition-key-value", m.partitionKeyValue());
        writeString(gen, "schema-name", m.schemaName());
        writeString(gen, "table-name", m.tableName());
        writeNumber(gen, "transaction-id", m.transactionId());
        writeNumber(gen, "transaction-record-id", m.transactionRecordId());
        writeNumber(gen, "prev-transaction-id", m.prevTransactionId());
        writeNumber(gen, "prev-transaction-record-id", m.prevTransactionRecordId());
        writeString(gen, "commit-timestamp", m.commitTimestamp());
        writeString(gen, "stream-position", m.streamPosition());
        writeFields(gen, m.extraFields());
        gen.writeEndObject();
    }

    private static void writeObjectField(JsonGenerator gen, String name, ObjectNode value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeTree(value);
        }
    }

    private static void writeFields(JsonGenerator gen, ObjectNode fields) throws IOException {
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            gen.writeFieldName(field.getKey());
            gen.writeTree(field.getValue());
        }
    }

    private static void writeString(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }

    private static void writeNumber(JsonGenerator gen, String name, Long value) throws IOException {
        if (value != null) {
            gen.writeNumberField(name, value);
        }
    }
}
