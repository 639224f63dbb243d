package dev.pgflink.core.flat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecordScanner;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.core.dms.RecordRejectedException;
import dev.pgflink.core.dms.RecordType;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * The one transform of the product: a DMS Kinesis record in, one flat JSON line out.
 *
 * <p>A data record becomes its columns exactly as DMS sent them (source column names starting
 * with {@code __} get one more underscore, see {@link FlatFields}), then the change metadata
 * under reserved names, and its before-image as {@code __before}. A control record becomes its
 * metadata and {@code __control}. Anything else is rejected with a typed reason; this class never
 * throws on bad input.
 *
 * <p>One streaming pass, no tree: the cost is close to reading and writing the bytes once.
 * Not thread-safe (it reuses an output buffer, a generator and the last record's column names):
 * use one instance per task and make one call at a time. Calls may come from different threads
 * when something orders them, as in the job, where every Kinesis shard's thread calls the task's
 * instance under the source's checkpoint lock.
 */
public final class FlattenTransform {
    private final DmsRecordScanner scanner;
    private final JsonFactory factory = DmsJson.factory();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
    private final DataSink dataSink = new DataSink();
    private final ControlSink controlSink = new ControlSink();
    private final EncodedStrings tableNames = new EncodedStrings(UnaryOperator.identity());
    private char[] chars = new char[64];
    /** Made on first use and kept between records; null after a record that failed part-way. */
    private JsonGenerator generator;

    /** By ordinal. */
    private static final SerializableString[] OPERATIONS = new SerializableString[Operation.values().length];

    static {
        for (Operation operation : Operation.values()) {
            OPERATIONS[operation.ordinal()] = new SerializedString(operation.wireName());
        }
    }

    /** A transform for the default before-image field, {@code before-image}. */
    public FlattenTransform() {
        this(DmsRecordScanner.DEFAULT_BEFORE_IMAGE_FIELD);
    }

    /** A transform for the before-image under {@code beforeImageField} (BeforeImageSettings.FieldName). */
    public FlattenTransform(String beforeImageField) {
        this.scanner = new DmsRecordScanner(beforeImageField);
    }

    /** Transforms one Kinesis record's bytes. */
    public TransformResult apply(byte[] record) {
        boolean finished = false;
        try {
            DmsMetadata metadata = writeData(record);
            TransformResult result = metadata.recordType() == RecordType.CONTROL
                    // Rare (DDL): a second pass, so the data path never buffers a control object.
                    ? TransformResult.control(writeControl(record, metadata), metadata)
                    : TransformResult.data(buffer.toByteArray(), metadata);
            finished = true;
            return result;
        } catch (RecordRejectedException e) {
            return TransformResult.rejected(e.rejection());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        } finally {
            if (!finished) {
                discardGenerator();
            }
            buffer.reset();
        }
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = factory.createGenerator(buffer);
            // Jackson separates root values with a space: each line would start with one.
            generator.setRootValueSeparator(null);
            // Closing one left inside an object must not write to the buffer (see discardGenerator).
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
        }
        return generator;
    }

    /** A generator left inside an unfinished object cannot be reset; the next record makes a new one. */
    private void discardGenerator() {
        JsonGenerator broken = generator;
        generator = null;
        if (broken != null) {
            try {
                broken.close(); // hands its buffer back to Jackson's recycler
            } catch (IOException e) {
                // Flushing to memory; and the buffer is reset next anyway.
            }
        }
    }

    private DmsMetadata writeData(byte[] record) throws IOException, RecordRejectedException {
        buffer.reset();
        JsonGenerator gen = generator();
        try {
            gen.writeStartObject();
            dataSink.gen = gen;
            dataSink.input = record;
            DmsMetadata metadata = scanner.scan(record, dataSink);
            writeMetadata(gen, metadata);
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
            return metadata;
        } finally {
            dataSink.gen = null;
            dataSink.input = null;
        }
    }

    /** Runs after a finished data pass, which flushed the generator: it starts from an empty buffer. */
    private byte[] writeControl(byte[] record, DmsMetadata metadata) throws IOException, RecordRejectedException {
        buffer.reset();
        JsonGenerator gen = generator();
        try {
            gen.writeStartObject();
            writeMetadata(gen, metadata);
            controlSink.gen = gen;
            controlSink.input = record;
            scanner.scan(record, controlSink);
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
        } finally {
            controlSink.gen = null;
            controlSink.input = null;
        }
        return buffer.toByteArray();
    }

    private void writeMetadata(JsonGenerator gen, DmsMetadata m) throws IOException {
        gen.writeFieldName(FlatFields.OPERATION_NAME);
        gen.writeString(OPERATIONS[m.operation().ordinal()]);
        writeRepeated(gen, FlatFields.SCHEMA_NAME, m.schemaName());
        writeRepeated(gen, FlatFields.TABLE_NAME, m.tableName());
        writeUnique(gen, FlatFields.TIMESTAMP_NAME, m.timestamp());
        writeUnique(gen, FlatFields.COMMIT_TIMESTAMP_NAME, m.commitTimestamp());
        writeNumber(gen, FlatFields.TRANSACTION_ID_NAME, m.transactionId());
        writeNumber(gen, FlatFields.TRANSACTION_RECORD_ID_NAME, m.transactionRecordId());
        writeUnique(gen, FlatFields.STREAM_POSITION_NAME, m.streamPosition());
    }

    /** A value that repeats across records (schema, table): encoded once. */
    private void writeRepeated(JsonGenerator gen, SerializableString name, String value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeString(tableNames.get(value));
        }
    }

    /** A value that differs per record (timestamps): written from a char array, Jackson's faster path. */
    private void writeUnique(JsonGenerator gen, SerializableString name, String value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            int length = value.length();
            if (length > chars.length) {
                chars = new char[length];
            }
            value.getChars(0, length, chars, 0);
            gen.writeString(chars, 0, length);
        }
    }

    private static void writeNumber(JsonGenerator gen, SerializableString name,
            Long value) throws IOException {
        if (value != null) {
            gen.writeFieldName(name);
            gen.writeNumber(value);
        }
    }

    /** Writes columns at the top level and the before-image as {@code __before}; skips the rest. */
    private static final class DataSink implements DmsRecordScanner.Sink {
        private final PredictedNames columnNames = new PredictedNames(new EncodedStrings(FlatFields::flatColumnName));
        JsonGenerator gen;
        byte[] input;

        @Override
        public void data(JsonParser p) throws IOException {
            ExactJsonCopy.copyMembers(input, p, gen, columnNames);
        }

        @Override
        public void beforeImage(JsonParser p) throws IOException {
            gen.writeFieldName(FlatFields.BEFORE_IMAGE_NAME);
            ExactJsonCopy.copyValue(input, p, gen);
        }
    }

    /** Writes the control details as {@code __control}; skips the rest. */
    private static final class ControlSink implements DmsRecordScanner.Sink {
        JsonGenerator gen;
        byte[] input;

        @Override
        public void control(JsonParser p) throws IOException {
            gen.writeFieldName(FlatFields.CONTROL_NAME);
            ExactJsonCopy.copyValue(input, p, gen);
        }
    }
}
