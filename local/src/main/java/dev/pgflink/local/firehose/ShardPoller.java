package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.SourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of a stream with GetRecords, as a Firehose with a Kinesis source does: a
 * shard's children are read only once the shard is finished, so each key's records stay in order
 * across resharding. Not thread-safe: one delivery thread owns it.
 */
final class ShardPoller {
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);

    private final KinesisClient client;
    private final String stream;
    /** Open shards and their next iterators, in discovery order. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Map<String, String> lastSequence = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Set<String> known = new HashSet<>();
    private boolean started;
    private long lastRefresh;

    ShardPoller(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    /** One GetRecords per open shard; returns what arrived (possibly nothing). */
    List<SourceRecord> poll() {
        if (!started || System.nanoTime() - lastRefresh > SHARD_REFRESH.toNanos()) {
            refreshShards();
        }
        List<SourceRecord> records = new ArrayList<>();
        boolean shardFinished = false;
        for (Map.Entry<String, String> shard : new ArrayList<>(iterators.entrySet())) {
            String shardId = shard.getKey();
            GetRecordsResponse response;
            try {
                response = client.getRecords(r -> r.shardIterator(shard.getValue()).limit(10_000));
            } catch (ProvisionedThroughputExceededException e) {
                continue;
            } catch (ExpiredIteratorException e) {
                iterators.put(shardId, resumeIterator(shardId));
                continue;
            }
            for (Record record : response.records()) {
                records.add(new SourceRecord(stream, shardId, record.sequenceNumber(), record.partitionKey(),
                        record.approximateArrivalTimestamp().toEpochMilli(), record.data().asByteArray()));
                lastSequence.put(shardId, record.sequenceNumber());
            }
            if (response.nextShardIterator() == null) {
                iterators.remove(shardId);
                finished.add(shardId);
                shardFinished = true;
            } else {
                iterators.put(shardId, response.nextShardIterator());
            }
        }
        if (shardFinished) {
            refreshShards();
        }
        return records;
    }

    private void refreshShards() {
        List<Shard> shards = client.listShards(r -> r.streamName(stream)).shards();
        for (Shard shard : shards) {
            if (known.contains(shard.shardId()) || parentStillOpen(shard, shards)) {
                continue;
            }
            known.add(shard.shardId());
            iterators.put(shard.shardId(), client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        started = true;
        lastRefresh = System.nanoTime();
    }

    private boolean parentStillOpen(Shard shard, List<Shard> shards) {
        return isOpenParent(shard.parentShardId(), shards) || isOpenParent(shard.adjacentParentShardId(), shards);
    }

    private boolean isOpenParent(String parent, List<Shard> shards) {
        return parent != null && !finished.contains(parent) && shards.stream().anyMatch(s -> s.shardId().equals(parent));
    }

    private String resumeIterator(String shardId) {
        String after = lastSequence.get(shardId);
        return client.getShardIterator(r -> {
            r.streamName(stream).shardId(shardId);
            if (after == null) {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after);
            }
        }).shardIterator();
    }
}
