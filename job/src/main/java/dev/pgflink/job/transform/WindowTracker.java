package dev.pgflink.job.transform;

import dev.pgflink.core.config.JobMetric;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Puts each table's records into event-time tumbling windows (keyed by table and bucket,
 * {@link TableBuckets}). On-time records go to the main output with their window; when the
 * watermark passes a window's end, this key's part of the window's manifest goes to
 * {@link #MANIFESTS}, before the watermark goes on, for the {@link WindowManifestMerger} to add up.
 * A record whose window has already closed is never dropped: it goes to {@link #LATE}, to be
 * written into its window's directory as a late file, and is counted.
 */
public final class WindowTracker extends KeyedProcessFunction<String, FlatRecord, FlatRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<FlatRecord> LATE = new OutputTag<FlatRecord>("late") {
        private static final long serialVersionUID = 1L;
    };
    public static final OutputTag<WindowManifest> MANIFESTS = new OutputTag<WindowManifest>("manifests") {
        private static final long serialVersionUID = 1L;
    };

    private final long windowSizeMillis;
    private final long outOfOrdernessMillis;
    /** The highest event time this instance has seen, over all its tables; not kept across restarts. */
    private transient long latestEventTime;
    private transient MapState<Long, WindowManifest> openWindows;
    private transient Counter late;

    /**
     * @param outOfOrdernessMillis the watermark's allowed out-of-orderness: a record this much past a
     *        window's end proves the stream has moved past it
     */
    public WindowTracker(long windowSizeMillis, long outOfOrdernessMillis) {
        if (windowSizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + windowSizeMillis);
        }
        this.windowSizeMillis = windowSizeMillis;
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    @Override
    public void open(Configuration parameters) {
        latestEventTime = Long.MIN_VALUE;
        openWindows = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-windows", Types.LONG,
                TypeInformation.of(WindowManifest.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP);
        late = metrics.counter(JobMetric.RECORDS_LATE.metricName());
    }

    /** The start of the window holding an event time. */
    public long windowStart(long eventTimeMillis) {
        return eventTimeMillis - Math.floorMod(eventTimeMillis, windowSizeMillis);
    }

    @Override
    public void processElement(FlatRecord record, Context ctx, Collector<FlatRecord> out) throws Exception {
        long start = windowStart(record.eventTimeMillis);
        long lastMillis = start + windowSizeMillis - 1;
        record.windowStartMillis = start;
        latestEventTime = Math.max(latestEventTime, record.eventTimeMillis);
        if (lastMillis <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(LATE, record);
            return;
        }
        WindowManifest manifest = openWindows.get(start);
        if (manifest == null) {
            manifest = WindowManifest.open(record, start, start + windowSizeMillis);
            ctx.timerService().registerEventTimeTimer(lastMillis);
        }
        manifest.add(record);
        openWindows.put(start, manifest);
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlatRecord> out) throws Exception {
        long start = timestamp + 1 - windowSizeMillis;
        WindowManifest manifest = openWindows.get(start);
        if (manifest != null) {
            openWindows.remove(start);
            manifest.closedBy = closedBy(timestamp, ctx.timerService().currentWatermark());
            ctx.output(MANIFESTS, manifest);
        }
    }

    /**
     * Why the window closed, claiming no more than this instance knows: only a record seen here
     * proves the stream moved past the window; otherwise the watermark moved on the quiet-time rule
     * (or because of other tables' records on other instances), and DMS itself may be stalled.
     */
    private WindowManifest.ClosedBy closedBy(long lastMillisOfWindow, long watermark) {
        if (watermark == Long.MAX_VALUE) {
            return WindowManifest.ClosedBy.END_OF_INPUT;
        }
        return latestEventTime != Long.MIN_VALUE && latestEventTime - outOfOrdernessMillis > lastMillisOfWindow
                ? WindowManifest.ClosedBy.LATER_RECORDS : WindowManifest.ClosedBy.QUIET_TIME;
    }
}
