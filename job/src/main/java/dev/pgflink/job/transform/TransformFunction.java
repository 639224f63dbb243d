package dev.pgflink.job.transform;

import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import dev.pgflink.job.source.KinesisRecord;
import dev.pgflink.core.config.JobMetric;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs the core flatten transform on every Kinesis record: data lines to the main output,
 * control lines and rejected records to side outputs. Never fails on bad data.
 */
public final class TransformFunction extends ProcessFunction<KinesisRecord, FlatRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<FlatRecord> CONTROL = new OutputTag<FlatRecord>("control") {
        private static final long serialVersionUID = 1L;
    };
    public static final OutputTag<RejectedRecord> ERRORS = new OutputTag<RejectedRecord>("errors") {
        private static final long serialVersionUID = 1L;
    };

    private final String beforeImageField;
    private transient FlattenTransform transform;
    private transient Counter recordsIn;
    private transient Counter bytesIn;
    private transient Counter transformed;
    private transient Counter transformedBytes;
    private transient Counter control;
    private transient Counter errors;

    public TransformFunction(String beforeImageField) {
        this.beforeImageField = beforeImageField;
    }

    @Override
    public void open(Configuration parameters) {
        transform = new FlattenTransform(beforeImageField);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP);
        recordsIn = metrics.counter(JobMetric.RECORDS_IN.metricName());
        bytesIn = metrics.counter(JobMetric.BYTES_IN.metricName());
        transformed = metrics.counter(JobMetric.RECORDS_TRANSFORMED.metricName());
        transformedBytes = metrics.counter(JobMetric.BYTES_TRANSFORMED.metricName());
        control = metrics.counter(JobMetric.RECORDS_CONTROL.metricName());
        errors = metrics.counter(JobMetric.RECORDS_REJECTED.metricName());
    }

    @Override
    public void processElement(KinesisRecord record, Context ctx, Collector<FlatRecord> out) {
        recordsIn.inc();
        bytesIn.inc(record.data.length);
        TransformResult result = transform.apply(record.data);
        switch (result.kind()) {
            case DATA:
                transformed.inc();
                transformedBytes.inc(result.line().length);
                out.collect(flat(result, record));
                break;
            case CONTROL:
                control.inc();
                ctx.output(CONTROL, flat(result, record));
                break;
            default:
                errors.inc();
                ctx.output(ERRORS, new RejectedRecord(record, result.rejection().type(),
                        result.rejection().reason()));
        }
    }

    private static FlatRecord flat(TransformResult result, KinesisRecord record) {
        DmsMetadata metadata = result.metadata();
        FlatRecord flat = new FlatRecord();
        flat.schema = metadata.schemaName() == null ? "" : metadata.schemaName();
        flat.table = metadata.tableName() == null ? "" : metadata.tableName();
        flat.operation = metadata.operation().wireName();
        flat.eventTimeMillis = metadata.eventTimeMillis();
        flat.line = result.line();
        flat.shardId = record.shardId;
        flat.sequenceNumber = record.sequenceNumber;
        flat.partitionKey = record.partitionKey;
        return flat;
    }
}
