package dev.pgflink.job.source;

import dev.pgflink.job.config.JobConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job's records come from: Kinesis ({@link KinesisSourceFactory#source()}) in every
 * deployment; benchmarks pass another. An implementation adds its source with a uid of its own.
 */
@FunctionalInterface
public interface RecordSource {
    DataStream<KinesisRecord> addTo(StreamExecutionEnvironment env, JobConfig config);
}
