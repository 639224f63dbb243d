package dev.pgflink.local.bench;

import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.source.KinesisRecord;
import dev.pgflink.job.source.RecordSource;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A bench-only source of Kinesis-shaped records with no emulator behind it: Flink's number sequence
 * (a bounded FLIP-27 source whose splits are checkpointed, so exactly-once holds), each number
 * mapped to one of a pool of pre-rendered DMS records with a shard, a sequence number and a
 * partition key as the Kinesis consumer would give it. The pool's event times span one second, so
 * every record falls into one window and none is late.
 */
final class PrefilledRecordSource implements RecordSource {
    /** When the first record left the source, in this JVM (the MiniCluster runs in it). */
    static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();

    private final long records;
    private final int pool;

    PrefilledRecordSource(long records, int pool) {
        this.records = records;
        this.pool = pool;
    }

    @Override
    public DataStream<KinesisRecord> addTo(StreamExecutionEnvironment env, JobConfig config) {
        return env.fromSequence(0, records - 1).name("in-memory records").uid("bench-sequence")
                .map(new ToKinesisRecord(pool)).name("as Kinesis records").uid("bench-records");
    }

    private static final class ToKinesisRecord extends RichMapFunction<Long, KinesisRecord> {
        private static final long serialVersionUID = 1L;
        private static final String SEQUENCE_PREFIX = "4965698423847895489546735465400";
        private final int pool;
        private transient byte[][] data;
        private transient String[] shards;
        private transient String[] partitionKeys;

        ToKinesisRecord(int pool) {
            this.pool = pool;
        }

        @Override
        public void open(Configuration parameters) {
            BenchRecords render = new BenchRecords();
            data = new byte[pool][];
            partitionKeys = new String[pool];
            for (int i = 0; i < pool; i++) {
                data[i] = render.insert(i);
                partitionKeys[i] = BenchRecords.partitionKey(i);
            }
            shards = new String[] {"shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                "shardId-000000000003"};
        }

        @Override
        public KinesisRecord map(Long n) {
            FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime());
            int i = (int) (n % pool);
            return new KinesisRecord(data[i], "bench", shards[(int) (n & 3)], SEQUENCE_PREFIX + n, partitionKeys[i],
                    BenchRecords.T0 + n / 1000);
        }
    }
}
