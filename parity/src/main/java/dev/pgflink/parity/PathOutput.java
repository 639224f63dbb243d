package dev.pgflink.parity;

import java.io.IOException;

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
}
