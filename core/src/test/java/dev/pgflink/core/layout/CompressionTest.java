package dev.pgflink.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static final byte[] LINES = "{\"id\":1}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void namesAreParsedInAnyCaseAndAWrongOneIsNamedInTheError() {
        assertThat(Compression.parse("GZIP")).isEqualTo(Compression.GZIP);
        assertThat(Compression.parse(" none ")).isEqualTo(Compression.NONE);
        assertThatThrownBy(() -> Compression.parse("zstd")).hasMessage("compression must be none or gzip, was 'zstd'");
        assertThat(Compression.GZIP.firehoseFormat()).isEqualTo("GZIP");
        assertThat(Compression.NONE.firehoseFormat()).isEqualTo("UNCOMPRESSED");
    }

    @Test
    void aFileIsReadAsItsNameSays() throws IOException {
        assertThat(read("part-1.jsonl.gz", gzip(LINES))).isEqualTo(LINES);
        assertThat(read("part-1.jsonl", LINES)).isEqualTo(LINES);
        assertThat(Compression.ofName("a/b/part-1.jsonl.gz")).isEqualTo(Compression.GZIP);
        assertThat(Compression.ofName("a/b.gz/part-1.jsonl")).isEqualTo(Compression.NONE);
    }

    @Test
    void whatACodecCompressesItsNameReadsBack() throws IOException {
        byte[] gzipped = Compression.GZIP.compress(LINES);
        assertThat(gzipped).isNotEqualTo(LINES).startsWith((byte) 0x1f, (byte) 0x8b);
        assertThat(read("part-1.jsonl" + Compression.GZIP.suffix(), gzipped)).isEqualTo(LINES);
        assertThat(Compression.NONE.compress(LINES)).isSameAs(LINES);
        assertThat(read("part-1.jsonl" + Compression.NONE.suffix(), Compression.NONE.compress(LINES))).isEqualTo(LINES);
        assertThat(read("empty.gz", Compression.GZIP.compress(new byte[0]))).isEmpty();
    }

    @Test
    void aGzipNameOverPlainBytesIsAnErrorNotGarbage() {
        assertThatThrownBy(() -> read("part-1.jsonl.gz", LINES)).isInstanceOf(IOException.class);
    }

    private static byte[] read(String name, byte[] content) throws IOException {
        try (InputStream in = Compression.decompressing(name, new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
