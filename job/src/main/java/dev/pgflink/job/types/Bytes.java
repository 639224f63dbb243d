package dev.pgflink.job.types;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A byte array that may be null, as the hand-written serializers write it: its length (-1 for null), then
 * its bytes. Flink's {@code BytePrimitiveArraySerializer} writes the same but takes no null, which a
 * serializer's fresh instance ({@code createInstance}) has.
 */
public final class Bytes {
    private Bytes() {
    }

    public static void write(byte[] bytes, DataOutputView out) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] read(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    public static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }
}
