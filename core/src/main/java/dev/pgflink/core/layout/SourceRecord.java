package dev.pgflink.core.layout;

import java.util.Arrays;
import java.util.Objects;

/** One Kinesis record as it arrived: its bytes and where it came from. */
public final class SourceRecord {
    private final String stream;
    private final String shardId;
    private final String sequenceNumber;
    private final String partitionKey;
    private final long approximateArrivalMillis;
    private final byte[] data;

    public SourceRecord(String stream, String shardId, String sequenceNumber, String partitionKey,
            long approximateArrivalMillis, byte[] data) {
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.approximateArrivalMillis = approximateArrivalMillis;
        this.data = Objects.requireNonNull(data, "data");
    }

    public String stream() {
        return stream;
    }

    public String shardId() {
        return shardId;
    }

    public String sequenceNumber() {
        return sequenceNumber;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public long approximateArrivalMillis() {
        return approximateArrivalMillis;
    }

    /** The record's bytes, exactly as Kinesis delivered them. */
    public byte[] data() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceRecord)) {
            return false;
        }
        SourceRecord that = (SourceRecord) o;
        return approximateArrivalMillis == that.approximateArrivalMillis && Objects.equals(stream, that.stream)
                && Objects.equals(shardId, that.shardId) && Objects.equals(sequenceNumber, that.sequenceNumber)
                && Objects.equals(partitionKey, that.partitionKey) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, shardId, sequenceNumber);
    }

    @Override
    public String toString() {
        return stream + "/" + shardId + "/" + sequenceNumber;
    }
}
