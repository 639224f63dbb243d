package dev.pgflink.job.sink;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A Kinesis record's raw-output line and its arrival time, which names the line's hour directory;
 * sent to the raw writer by {@link RawLineSerializer}.
 */
@TypeInfo(RawLineSerializer.Factory.class)
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
