package dev.pgflink.parity;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's lines, spread over files on local disk by the hash of their identity, so that a
 * change's records on both sides land in the same partition and each partition can be compared
 * in memory on its own: memory is bounded by one partition, not by the whole output.
 */
final class SpillPartitions implements Closeable {
    private final List<Path> files = new ArrayList<>();
    private final List<BufferedWriter> writers = new ArrayList<>();

    SpillPartitions(Path directory, String side, int partitions) throws IOException {
        for (int i = 0; i < partitions; i++) {
            Path file = directory.resolve(side + "-" + i + ".jsonl");
            files.add(file);
            writers.add(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        }
    }

    static int partitionOf(ChangeIdentity identity, int partitions) {
        return Math.floorMod(identity.key().hashCode(), partitions);
    }

    void add(ChangeIdentity identity, String line) throws IOException {
        BufferedWriter writer = writers.get(partitionOf(identity, writers.size()));
        writer.write(line);
        writer.write('\n');
    }

    /** Finishes writing; call once before reading. */
    void flush() throws IOException {
        for (BufferedWriter writer : writers) {
            writer.close();
        }
    }

    /** The lines of one partition. */
    List<String> read(int partition) {
        try (BufferedReader reader = Files.newBufferedReader(files.get(partition), StandardCharsets.UTF_8)) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int partitions() {
        return files.size();
    }

    @Override
    public void close() throws IOException {
        flush();
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
