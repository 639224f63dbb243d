package dev.pgflink.capture.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes pgoutput protocol version 1 messages. Written by hand because the PostgreSQL JDBC
 * driver only delivers the bytes; Debezium's decoder does the same job but is not a library one
 * can take without Debezium's engine.
 */
public final class PgOutputDecoder {
    private PgOutputDecoder() {
    }

    /**
     * Decodes one message.
     *
     * @throws IllegalArgumentException for a message type this protocol version does not define
     */
    public static PgOutputMessage decode(ByteBuffer buffer) {
        char type = (char) buffer.get();
        PgOutputMessage.Kind kind = PgOutputMessage.Kind.of(type);
        if (kind == null) {
            throw new IllegalArgumentException("unknown pgoutput message type '" + type + "'");
        }
        return switch (kind) {
            case BEGIN -> new PgOutputMessage.Begin(buffer.getLong(), buffer.getLong(),
                    Integer.toUnsignedLong(buffer.getInt()));
            case COMMIT -> {
                buffer.get(); // flags, unused
                yield new PgOutputMessage.Commit(buffer.getLong(), buffer.getLong(), buffer.getLong());
            }
            case RELATION -> relation(buffer);
            case TYPE -> new PgOutputMessage.Type(buffer.getInt(), string(buffer), string(buffer));
            case INSERT -> insert(buffer);
            case UPDATE -> update(buffer);
            case DELETE -> delete(buffer);
            case TRUNCATE -> truncate(buffer);
            case LOGICAL_MESSAGE -> message(buffer);
            case ORIGIN -> new PgOutputMessage.Origin(buffer.getLong(), string(buffer));
        };
    }

    private static PgOutputMessage relation(ByteBuffer buffer) {
        int id = buffer.getInt();
        String schema = string(buffer);
        String table = string(buffer);
        char replicaIdentity = (char) buffer.get();
        int count = buffer.getShort();
        List<PgOutputMessage.Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            columns.add(new PgOutputMessage.Column(string(buffer), buffer.getInt(), buffer.getInt(), key));
        }
        return new PgOutputMessage.Relation(id, schema, table, replicaIdentity, List.copyOf(columns));
    }

    private static PgOutputMessage insert(ByteBuffer buffer) {
        int relation = buffer.getInt();
        expect(buffer, 'N');
        return new PgOutputMessage.Insert(relation, tuple(buffer));
    }

    private static PgOutputMessage update(ByteBuffer buffer) {
        int relation = buffer.getInt();
        char next = (char) buffer.get();
        char oldKind = 0;
        Tuple old = null;
        if (next == 'K' || next == 'O') {
            oldKind = next;
            old = tuple(buffer);
            next = (char) buffer.get();
        }
        if (next != 'N') {
            throw new IllegalArgumentException("update without a new tuple ('" + next + "')");
        }
        return new PgOutputMessage.Update(relation, oldKind, old, tuple(buffer));
    }

    private static PgOutputMessage delete(ByteBuffer buffer) {
        int relation = buffer.getInt();
        char oldKind = (char) buffer.get();
        return new PgOutputMessage.Delete(relation, oldKind, tuple(buffer));
    }

    private static PgOutputMessage truncate(ByteBuffer buffer) {
        int count = buffer.getInt();
        int options = buffer.get();
        List<Integer> relations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            relations.add(buffer.getInt());
        }
        return new PgOutputMessage.Truncate(List.copyOf(relations), (options & 1) != 0, (options & 2) != 0);
    }

    private static PgOutputMessage message(ByteBuffer buffer) {
        boolean transactional = (buffer.get() & 1) != 0;
        long lsn = buffer.getLong();
        String prefix = string(buffer);
        byte[] content = new byte[buffer.getInt()];
        buffer.get(content);
        return new PgOutputMessage.LogicalMessage(transactional, lsn, prefix, content);
    }

    private static Tuple tuple(ByteBuffer buffer) {
        int count = buffer.getShort();
        char[] kinds = new char[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            kinds[i] = kind;
            if (kind == 't' || kind == 'b') {
                int length = buffer.getInt();
                values[i] = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length,
                        StandardCharsets.UTF_8);
                buffer.position(buffer.position() + length);
                kinds[i] = Tuple.TEXT;
            } else if (kind != Tuple.NULL && kind != Tuple.UNCHANGED_TOAST) {
                throw new IllegalArgumentException("unknown tuple value kind '" + kind + "'");
            }
        }
        return new Tuple(kinds, values);
    }

    private static void expect(ByteBuffer buffer, char expected) {
        char actual = (char) buffer.get();
        if (actual != expected) {
            throw new IllegalArgumentException("expected '" + expected + "' in pgoutput message, found '" + actual + "'");
        }
    }

    /** A NUL-terminated UTF-8 string. */
    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        String s = new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        buffer.position(end + 1);
        return s;
    }
}
