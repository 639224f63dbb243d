package dev.pgflink.job.transform;

import dev.pgflink.job.types.Bytes;
import dev.pgflink.job.types.HandWrittenSerializer;
import dev.pgflink.job.types.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Writes a {@link FlatRecord} field by field, without reflection: every record crosses the windows keyBy. */
public final class FlatRecordSerializer extends HandWrittenSerializer<FlatRecord> {
    private static final long serialVersionUID = 1L;
    public static final FlatRecordSerializer INSTANCE = new FlatRecordSerializer();

    @Override
    public FlatRecord createInstance() {
        return new FlatRecord();
    }

    @Override
    public FlatRecord copy(FlatRecord from) {
        FlatRecord to = new FlatRecord();
        to.schema = from.schema;
        to.table = from.table;
        to.operation = from.operation;
        to.eventTimeMillis = from.eventTimeMillis;
        to.windowStartMillis = from.windowStartMillis;
        to.line = Bytes.copy(from.line);
        to.shardId = from.shardId;
        to.sequenceNumber = from.sequenceNumber;
        to.partitionKey = from.partitionKey;
        return to;
    }

    @Override
    public void serialize(FlatRecord record, DataOutputView out) throws IOException {
        // StringValue writes null as well: shard, sequence number and partition key may be absent.
        StringValue.writeString(record.schema, out);
        StringValue.writeString(record.table, out);
        StringValue.writeString(record.operation, out);
        out.writeLong(record.eventTimeMillis);
        out.writeLong(record.windowStartMillis);
        Bytes.write(record.line, out);
        StringValue.writeString(record.shardId, out);
        StringValue.writeString(record.sequenceNumber, out);
        StringValue.writeString(record.partitionKey, out);
    }

    @Override
    public FlatRecord deserialize(FlatRecord reuse, DataInputView in) throws IOException {
        reuse.schema = StringValue.readString(in);
        reuse.table = StringValue.readString(in);
        reuse.operation = StringValue.readString(in);
        reuse.eventTimeMillis = in.readLong();
        reuse.windowStartMillis = in.readLong();
        reuse.line = Bytes.read(in);
        reuse.shardId = StringValue.readString(in);
        reuse.sequenceNumber = StringValue.readString(in);
        reuse.partitionKey = StringValue.readString(in);
        return reuse;
    }

    @Override
    public TypeSerializerSnapshot<FlatRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlatRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link FlatRecord}'s {@code @TypeInfo}: every stream of flat records uses this serializer. */
    public static final class Factory extends TypeInfoFactory<FlatRecord> {
        @Override
        public TypeInformation<FlatRecord> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new SerializerTypeInfo<>(FlatRecord.class, INSTANCE);
        }
    }
}
