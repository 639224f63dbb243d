package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class TableBucketsTest {
    private static FlatRecord record(String table, String partitionKey, String shard) {
        FlatRecord r = new FlatRecord();
        r.schema = "delivery";
        r.table = table;
        r.partitionKey = partitionKey;
        r.shardId = shard;
        return r;
    }

    @Test
    void changesToOneRowShareABucket() {
        assertThat(TableBuckets.key(record("orders", "delivery.orders.42", "s0")))
                .isEqualTo(TableBuckets.key(record("orders", "delivery.orders.42", "s3")));
    }

    @Test
    void theKeyNamesTheTableAndABucket() {
        assertThat(TableBuckets.key(record("orders", "delivery.orders.42", "s0"))).matches("delivery\\.orders#\\d{1,3}");
    }

    @Test
    void aRecordWithoutAPartitionKeyIsBucketedByItsShard() {
        assertThat(TableBuckets.key(record("orders", null, "shardId-000000000001")))
                .isEqualTo(TableBuckets.key(record("orders", "shardId-000000000001", "other")));
    }

    @Test
    void oneTableWithManyRowKeysReachesEverySubtaskAtParallelismFour() {
        Set<Integer> subtasks = IntStream.range(0, 1_000)
                .mapToObj(i -> TableBuckets.key(record("orders", "delivery.orders." + i, "s0")))
                .map(key -> KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 4))
                .collect(Collectors.toSet());
        assertThat(subtasks).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
