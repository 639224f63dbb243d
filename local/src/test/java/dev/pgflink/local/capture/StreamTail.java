package dev.pgflink.local.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads a stream from its start and keeps reading: everything that has arrived so far. */
final class StreamTail {
    private final KinesisClient client;
    private final String stream;
    private final Map<String, String> iterators = new HashMap<>();
    private final List<byte[]> records = new ArrayList<>();

    StreamTail(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    /** Reads what is new on every shard and returns all records read so far. */
    List<byte[]> poll() {
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> client.getShardIterator(r -> r.streamName(stream)
                    .shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            while (shard.getValue() != null) {
                String iterator = shard.getValue();
                GetRecordsResponse response = client.getRecords(r -> r.shardIterator(iterator).limit(10_000));
                response.records().stream().map(Record::data).forEach(d -> records.add(d.asByteArray()));
                shard.setValue(response.nextShardIterator());
                if (response.records().isEmpty()) {
                    break;
                }
            }
        }
        return records;
    }
}
