package dev.pgflink.capture.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgOutputDecoderTest {

    /** Writes protocol fields the way PostgreSQL does (big-endian, NUL-terminated strings). */
    private static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Message(char type) throws IOException {
            out.writeByte(type);
        }

        Message int8(int v) throws IOException {
            out.writeByte(v);
            return this;
        }

        Message int16(int v) throws IOException {
            out.writeShort(v);
            return this;
        }

        Message int32(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Message int64(long v) throws IOException {
            out.writeLong(v);
            return this;
        }

        Message string(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.writeByte(0);
            return this;
        }

        Message text(String value) throws IOException {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeByte('t');
            out.writeInt(utf8.length);
            out.write(utf8);
            return this;
        }

        PgOutputMessage decode() {
            return PgOutputDecoder.decode(ByteBuffer.wrap(bytes.toByteArray()));
        }
    }

    @Test
    void decodesBeginAndCommit() throws IOException {
        assertThat(new Message('B').int64(0x27C007178L).int64(787_671_878_504_090L).int32(-1).decode())
                .isEqualTo(new PgOutputMessage.Begin(0x27C007178L, 787_671_878_504_090L, 4_294_967_295L));
        assertThat(new Message('C').int8(0).int64(10).int64(20).int64(30).decode())
                .isEqualTo(new PgOutputMessage.Commit(10, 20, 30));
    }

    @Test
    void decodesARelationWithItsKeyColumns() throws IOException {
        PgOutputMessage.Relation relation = (PgOutputMessage.Relation) new Message('R').int32(16385).string("delivery")
                .string("orders").int8('d').int16(2)
                .int8(1).string("id").int32(23).int32(-1)
                .int8(0).string("total_amount").int32(1700).int32((10 << 16) + 2 + 4).decode();

        assertThat(relation.schema()).isEqualTo("delivery");
        assertThat(relation.replicaIdentity()).isEqualTo('d');
        assertThat(relation.columns()).containsExactly(new PgOutputMessage.Column("id", 23, -1, true),
                new PgOutputMessage.Column("total_amount", 1700, (10 << 16) + 6, false));
    }

    @Test
    void decodesAnInsertWithNullAndUnicodeValues() throws IOException {
        PgOutputMessage.Insert insert = (PgOutputMessage.Insert) new Message('I').int32(7).int8('N').int16(3)
                .text("35").int8('n').text("Olivia Moore ✓").decode();

        assertThat(insert.relationId()).isEqualTo(7);
        assertThat(insert.newTuple().text(0)).isEqualTo("35");
        assertThat(insert.newTuple().kind(1)).isEqualTo(Tuple.NULL);
        assertThat(insert.newTuple().text(2)).isEqualTo("Olivia Moore ✓");
    }

    @Test
    void decodesUpdatesWithAndWithoutOldValues() throws IOException {
        PgOutputMessage.Update plain = (PgOutputMessage.Update) new Message('U').int32(7).int8('N').int16(1)
                .text("1").decode();
        PgOutputMessage.Update full = (PgOutputMessage.Update) new Message('U').int32(7).int8('O').int16(2)
                .text("1").int8('u').int8('N').int16(2).text("1").text("new").decode();

        assertThat(plain.oldTuple()).isNull();
        assertThat(full.oldKind()).isEqualTo('O');
        assertThat(full.oldTuple().kind(1)).isEqualTo(Tuple.UNCHANGED_TOAST);
        assertThat(full.newTuple().text(1)).isEqualTo("new");
    }

    @Test
    void decodesDeletesTruncatesAndLogicalMessages() throws IOException {
        PgOutputMessage.Delete delete = (PgOutputMessage.Delete) new Message('D').int32(7).int8('K').int16(1).text("31")
                .decode();
        PgOutputMessage.Truncate truncate = (PgOutputMessage.Truncate) new Message('T').int32(2).int8(1).int32(7)
                .int32(8).decode();
        PgOutputMessage.LogicalMessage message = (PgOutputMessage.LogicalMessage) new Message('M').int8(1).int64(99)
                .string("pgflink_ddl").int32(2).int8('{').int8('}').decode();

        assertThat(delete.oldKind()).isEqualTo('K');
        assertThat(delete.oldTuple().text(0)).isEqualTo("31");
        assertThat(truncate.relationIds()).containsExactly(7, 8);
        assertThat(truncate.cascade()).isTrue();
        assertThat(message.prefix()).isEqualTo("pgflink_ddl");
        assertThat(new String(message.content(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void eachMessageNamesItsKind() throws IOException {
        assertThat(new Message('B').int64(1).int64(2).int32(3).decode().kind()).isEqualTo(PgOutputMessage.Kind.BEGIN);
        assertThat(new Message('C').int8(0).int64(1).int64(2).int64(3).decode().kind())
                .isEqualTo(PgOutputMessage.Kind.COMMIT);
        assertThat(new Message('R').int32(1).string("s").string("t").int8('d').int16(0).decode().kind())
                .isEqualTo(PgOutputMessage.Kind.RELATION);
        assertThat(new Message('Y').int32(1).string("s").string("mood").decode().kind())
                .isEqualTo(PgOutputMessage.Kind.TYPE);
        assertThat(new Message('I').int32(1).int8('N').int16(0).decode().kind()).isEqualTo(PgOutputMessage.Kind.INSERT);
        assertThat(new Message('U').int32(1).int8('N').int16(0).decode().kind()).isEqualTo(PgOutputMessage.Kind.UPDATE);
        assertThat(new Message('D').int32(1).int8('K').int16(0).decode().kind()).isEqualTo(PgOutputMessage.Kind.DELETE);
        assertThat(new Message('T').int32(0).int8(0).decode().kind()).isEqualTo(PgOutputMessage.Kind.TRUNCATE);
        assertThat(new Message('M').int8(0).int64(1).string("p").int32(0).decode().kind())
                .isEqualTo(PgOutputMessage.Kind.LOGICAL_MESSAGE);
        assertThat(new Message('O').int64(1).string("upstream").decode().kind()).isEqualTo(PgOutputMessage.Kind.ORIGIN);
    }

    @Test
    void rejectsAnUnknownMessageType() throws IOException {
        assertThatThrownBy(() -> new Message('Z').decode()).hasMessageContaining("unknown pgoutput message type 'Z'");
    }
}
