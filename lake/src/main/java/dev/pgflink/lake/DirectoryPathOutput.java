package dev.pgflink.lake;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import dev.pgflink.parity.PathOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One path's outputs in a local directory laid out as the bucket is ({@code DIR/transformed/…},
 * and for Flink {@code DIR/control/…}), e.g. the local pipeline's {@code DATA/s3/pgflink/flink}.
 * Files whose name starts with {@code _} or {@code .} hold no records and are skipped, as in S3.
 */
public final class DirectoryPathOutput implements PathOutput {
    private final Path root;
    private final boolean flink;
    private long objects;

    public DirectoryPathOutput(Path root, boolean flink) {
        this.root = root;
        this.flink = flink;
    }

    @Override
    public String name() {
        return flink ? "flink" : "firehose";
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public long objectsRead() {
        return objects;
    }

    @Override
    public void readRecords(LineConsumer consumer) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.io.FileNotFoundException("no directory " + root);
        }
        List<String> directories = flink
                ? List.of(FlinkOutput.TRANSFORMED.prefixUnder("r"), FlinkOutput.CONTROL.prefixUnder("r"))
                : List.of(FirehoseOutput.TRANSFORMED.prefixUnder("r"));
        for (String prefix : directories) {
            Path directory = root.resolve(prefix.substring(2));
            if (!Files.isDirectory(directory)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(f -> holdsRecords(root.relativize(f).toString().replace('\\', '/')))
                        .sorted().toList();
            }
            for (Path file : files) {
                read(file, consumer);
            }
        }
    }

    private void read(Path file, LineConsumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = Compression.decompressing(file.toString(), raw);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    consumer.accept(line);
                }
            }
        }
        objects++;
    }

    @Override
    public void readErrors(ErrorConsumer consumer) {
        throw new UnsupportedOperationException("the state check reads records only");
    }

    /** As parity's S3 reader: committed part files on the Flink path, every visible object on the Firehose path. */
    private boolean holdsRecords(String key) {
        return flink ? S3Layout.isCommittedFlinkPart(key) : S3Layout.holdsRecords(key);
    }
}
