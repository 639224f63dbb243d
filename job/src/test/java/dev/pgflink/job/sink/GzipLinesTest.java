package dev.pgflink.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipLinesTest {
    @TempDir
    Path directory;

    @Test
    void aPartFileIsOneGzipStreamOfTheEncodedLinesAndTheFileStaysOpenForTheSink() throws IOException {
        File file = directory.resolve("part-0-0.jsonl.gz").toFile();
        StringBuilder expected = new StringBuilder();
        try (LocalDataOutputStream out = new LocalDataOutputStream(file)) {
            BulkWriter<String> writer = new GzipLines<String>((line, stream) ->
                    stream.write((line + "\n").getBytes(StandardCharsets.UTF_8))).create(out);
            for (int i = 0; i < 20_000; i++) {
                String line = "{\"id\":" + i + ",\"status\":\"placed\"}";
                writer.addElement(line);
                expected.append(line).append('\n');
            }
            writer.flush();
            writer.finish();
            // The sink closes (and commits) the stream after finish: it must still be open here.
            out.write('\n');
        }
        byte[] written = Files.readAllBytes(file.toPath());
        assertThat(written.length).as("compressed").isLessThan(expected.length() / 4);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(written, 0, written.length - 1))) {
            in.transferTo(lines);
        }
        assertThat(lines.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
