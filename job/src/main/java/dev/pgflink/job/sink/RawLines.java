package dev.pgflink.job.sink;

import dev.pgflink.core.layout.RawLineEncoder;
import dev.pgflink.job.source.KinesisRecord;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;

/**
 * Each Kinesis record as its raw-output line, in the source's chain. Flink does not chain a sink
 * writer to the legacy Kinesis consumer, so the raw writer is a task of its own: handing it the
 * finished line (one array) instead of the record saves serializing every record's fields across
 * that edge, and the line is encoded once, by a reused encoder.
 */
public final class RawLines extends RichMapFunction<KinesisRecord, RawLine> {
    private static final long serialVersionUID = 1L;

    private transient RawLineEncoder encoder;

    @Override
    public void open(Configuration parameters) {
        encoder = new RawLineEncoder();
    }

    @Override
    public RawLine map(KinesisRecord record) {
        return new RawLine(record.approximateArrivalMillis, encoder.raw(record.stream, record.shardId,
                record.sequenceNumber, record.partitionKey, record.approximateArrivalMillis, record.data));
    }
}
