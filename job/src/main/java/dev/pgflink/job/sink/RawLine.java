package dev.pgflink.job.sink;

/**
 * A Kinesis record's raw-output line and its arrival time, which names the line's hour directory.
 * A Flink POJO (public fields, no-argument constructor): serialized without Kryo.
 */
public class RawLine {
    public long approximateArrivalMillis;
    public byte[] line;

    public RawLine() {
    }

    public RawLine(long approximateArrivalMillis, byte[] line) {
        this.approximateArrivalMillis = approximateArrivalMillis;
        this.line = line;
    }
}
