package dev.pgflink.job.sink;

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

/**
 * Writes a {@link RawLine} as its arrival time and its bytes: every Kinesis record crosses to the raw
 * writer, which Flink does not chain to the legacy consumer.
 */
public final class RawLineSerializer extends HandWrittenSerializer<RawLine> {
    private static final long serialVersionUID = 1L;
    public static final RawLineSerializer INSTANCE = new RawLineSerializer();

    @Override
    public RawLine createInstance() {
        return new RawLine();
    }

    @Override
    public RawLine copy(RawLine from) {
        return new RawLine(from.approximateArrivalMillis, Bytes.copy(from.line));
    }

    @Override
    public void serialize(RawLine raw, DataOutputView out) throws IOException {
        out.writeLong(raw.approximateArrivalMillis);
        Bytes.write(raw.line, out);
    }

    @Override
    public RawLine deserialize(RawLine reuse, DataInputView in) throws IOException {
        reuse.approximateArrivalMillis = in.readLong();
        reuse.line = Bytes.read(in);
        return reuse;
    }

    @Override
    public TypeSerializerSnapshot<RawLine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawLine> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Named by {@link RawLine}'s {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<RawLine> {
        @Override
        public TypeInformation<RawLine> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new SerializerTypeInfo<>(RawLine.class, INSTANCE);
        }
    }
}
