package dev.pgflink.parity;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The outputs of one path (Flink or Firehose), read as lines. */
public interface PathOutput {
    /** {@code flink} or {@code firehose}. */
    String name();

    /** Where the outputs are, for the report. */
    String location();

    /** Every transformed record line (control lines included), in no particular order. */
    void readRecords(LineConsumer consumer) throws IOException;

    /** Every record this path could not transform: its original bytes and the reason's code. */
    void readErrors(ErrorConsumer consumer) throws IOException;

    /** Objects read so far, for the report. */
    long objectsRead();

    @FunctionalInterface
    interface LineConsumer {
        void accept(String line) throws IOException;
    }

    @FunctionalInterface
    interface ErrorConsumer {
        void accept(byte[] original, String code);
    }

    /**
     * The key prefixes under {@code root} that a path's record lines are in: on the Flink path
     * {@code transformed/} and {@code control/} (Firehose writes control lines among the data
     * lines), on the Firehose path {@code transformed/}.
     */
    static List<String> recordPrefixes(boolean flink, String root) {
        return flink ? List.of(FlinkOutput.TRANSFORMED.prefixUnder(root), FlinkOutput.CONTROL.prefixUnder(root))
                : List.of(FirehoseOutput.TRANSFORMED.prefixUnder(root));
    }

    /**
     * Whether an object (or file) under a record prefix holds records. On the Flink path only
     * committed part files, whose names the sink controls: a store's temporary copy of a gzip part
     * ({@code part-….jsonl.gz-<uuid>}) would otherwise be read as text. Firehose objects are named
     * by whoever configured the stream, so only hidden ones are left out.
     */
    static boolean holdsRecords(boolean flink, String key) {
        return flink ? S3Layout.isCommittedFlinkPart(key) : S3Layout.holdsRecords(key);
    }

    /** Hands every non-empty line of one object to {@code consumer}, decompressed as its name says; closes {@code content}. */
    static void readLines(String name, InputStream content, LineConsumer consumer) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Compression.decompressing(name, content), StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    consumer.accept(line);
                }
            }
        }
    }
}
