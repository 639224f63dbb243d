package dev.pgflink.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/** Keeps each record's bytes untouched, with its shard, sequence number, partition key and arrival time. */
final class KinesisRecordSchema implements KinesisDeserializationSchema<KinesisRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public KinesisRecord deserialize(byte[] recordValue, String partitionKey, String seqNum,
            long approxArrivalTimestamp, String stream, String shardId) {
        return new KinesisRecord(recordValue, stream, shardId, seqNum, partitionKey, approxArrivalTimestamp);
    }

    @Override
    public TypeInformation<KinesisRecord> getProducedType() {
        return TypeInformation.of(KinesisRecord.class);
    }
}
