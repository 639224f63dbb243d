package dev.pgflink.parity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A path's outputs held in memory, for testing the comparison without S3. */
final class ListOutput implements PathOutput {
    private final String name;
    final List<String> records = new ArrayList<>();
    final List<byte[]> errors = new ArrayList<>();

    ListOutput(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return "memory:" + name;
    }

    @Override
    public void readRecords(LineConsumer consumer) throws IOException {
        for (String line : records) {
            consumer.accept(line);
        }
    }

    @Override
    public void readErrors(ErrorConsumer consumer) {
        errors.forEach(e -> consumer.accept(e, "not-json"));
    }

    @Override
    public long objectsRead() {
        return 1;
    }
}
