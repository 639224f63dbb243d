package dev.pgflink.job.source;

import dev.pgflink.core.layout.SourceRecord;

/**
 * One Kinesis record with its metadata, as it flows through the job. A Flink POJO (public
 * fields, no-argument constructor) so Flink serializes it without Kryo.
 */
public class KinesisRecord {
    public byte[] data;
    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;
    public long approximateArrivalMillis;

    public KinesisRecord() {
    }

    public KinesisRecord(byte[] data, String stream, String shardId, String sequenceNumber, String partitionKey,
            long approximateArrivalMillis) {
        this.data = data;
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.approximateArrivalMillis = approximateArrivalMillis;
    }

    public SourceRecord toSourceRecord() {
        return new SourceRecord(stream, shardId, sequenceNumber, partitionKey, approximateArrivalMillis, data);
    }

    @Override
    public String toString() {
        return stream + "/" + shardId + "/" + sequenceNumber;
    }
}
