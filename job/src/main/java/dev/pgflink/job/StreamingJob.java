package dev.pgflink.job;

import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.config.JobProperties;
import dev.pgflink.job.sink.OutputSinks;
import dev.pgflink.job.sink.RawLines;
import dev.pgflink.job.source.KinesisRecord;
import dev.pgflink.job.source.KinesisSourceFactory;
import dev.pgflink.job.source.RecordSource;
import dev.pgflink.job.transform.FlatRecord;
import dev.pgflink.job.transform.QuietTimeWatermarks;
import dev.pgflink.job.transform.TableBuckets;
import dev.pgflink.job.transform.TransformFunction;
import dev.pgflink.job.transform.WindowManifestMerger;
import dev.pgflink.job.transform.WindowTracker;
import dev.pgflink.job.transform.WindowTrackerOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job: Kinesis → raw, transformed (per table, per event-time window, with manifests),
 * control and errors on S3. The same main class runs on Managed Flink (property groups from the
 * runtime) and locally in a MiniCluster with the Web UI ({@code --config local.json}).
 */
public final class StreamingJob {
    private StreamingJob() {
    }

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.from(JobProperties.load(args));
        StreamExecutionEnvironment env = JobProperties.isLocal(args)
                ? LocalEnvironment.create(config)
                : StreamExecutionEnvironment.getExecutionEnvironment();
        CheckpointGuard.ensureCheckpointing(env);
        build(env, config);
        env.execute("pgflink: " + String.join(",", config.streams()) + " to " + config.basePath());
    }

    /** Adds the whole pipeline to an environment. Every operator has a stable uid for savepoints. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        build(env, config, KinesisSourceFactory.source());
    }

    /** The same pipeline on records from another source (benchmarks). */
    public static void build(StreamExecutionEnvironment env, JobConfig config, RecordSource source) {
        OutputSinks sinks = new OutputSinks(config);
        // Safe here: no operator keeps or changes a record it has passed on, and the sinks encode
        // on write. It saves a copy of every record between chained operators.
        env.getConfig().enableObjectReuse();

        DataStream<KinesisRecord> records = source.addTo(env, config);
        // The line is encoded in the source's chain; the writer (not chained to a legacy source) gets it whole.
        records.map(new RawLines()).name("raw lines").uid("raw-lines")
                .sinkTo(sinks.raw()).name("raw").uid("raw-sink");

        SingleOutputStreamOperator<FlatRecord> flat = records
                .process(new TransformFunction(config.beforeImageField())).name("flatten").uid("flatten");
        flat.getSideOutput(TransformFunction.ERRORS).sinkTo(sinks.errors()).name("errors").uid("errors-sink");
        flat.getSideOutput(TransformFunction.CONTROL)
                .keyBy(FlatRecord::tableKey)
                .sinkTo(sinks.control()).name("control").uid("control-sink");

        SingleOutputStreamOperator<FlatRecord> windowed = flat
                .assignTimestampsAndWatermarks(QuietTimeWatermarks.strategy(config.maxOutOfOrderness(),
                        config.idleness(), config.quietTime(), System::currentTimeMillis))
                .name("event time").uid("watermarks")
                // A busy table spreads over the subtasks: one manifest part per bucket and window ...
                .keyBy(TableBuckets::key)
                .transform("windows", TypeInformation.of(FlatRecord.class), new WindowTrackerOperator(
                        new WindowTracker(config.windowSize().toMillis(), config.maxOutOfOrderness().toMillis())))
                .uid("windows");
        windowed.sinkTo(sinks.transformed()).name("transformed").uid("transformed-sink");
        windowed.getSideOutput(WindowTracker.LATE).sinkTo(sinks.late()).name("late").uid("late-sink");
        // ... and the parts of a table's window add up to its one manifest once every subtask has passed it.
        windowed.getSideOutput(WindowTracker.MANIFESTS)
                .keyBy(WindowManifestMerger::tableKey)
                .process(new WindowManifestMerger()).name("window manifests").uid("window-manifests")
                .sinkTo(sinks.manifests()).name("manifests").uid("manifest-sink");
    }
}
