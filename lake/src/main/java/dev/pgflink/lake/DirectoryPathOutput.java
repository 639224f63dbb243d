package dev.pgflink.lake;

import dev.pgflink.parity.PathOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One path's outputs in a local directory laid out as the bucket is ({@code DIR/transformed/…},
 * and for Flink {@code DIR/control/…}), e.g. the local pipeline's {@code DATA/s3/pgflink/flink}.
 * Files are chosen as in S3 ({@link PathOutput#holdsRecords}).
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
            throw new FileNotFoundException("no directory " + root);
        }
        // The prefixes under the root "." are the directories relative to this one.
        for (String prefix : PathOutput.recordPrefixes(flink, ".")) {
            Path directory = root.resolve(prefix);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(f -> PathOutput.holdsRecords(flink, root.relativize(f).toString().replace('\\', '/')))
                        .sorted().toList();
            }
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    PathOutput.readLines(file.toString(), in, consumer);
                }
                objects++;
            }
        }
    }

    @Override
    public void readErrors(ErrorConsumer consumer) {
        throw new UnsupportedOperationException("the state check reads records only");
    }
}
