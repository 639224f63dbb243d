package dev.pgflink.job.transform;

import dev.pgflink.core.config.JobMetric;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds up the manifest parts of one table's window (one part per bucket that had records in it, from
 * the {@link WindowTracker} subtasks) into the window's one manifest, keyed by table.
 *
 * <p>When it is complete: each {@link WindowTracker} subtask sends its parts of a window before it
 * forwards the watermark that closed them, and this operator's watermark is the lowest of all those
 * subtasks'. So once its watermark passes the window's end every part has arrived, and the manifest
 * is written then, once. The parts wait in keyed state, so a restore between parts loses none.
 */
public final class WindowManifestMerger extends KeyedProcessFunction<String, WindowManifest, WindowManifest> {
    private static final long serialVersionUID = 1L;

    /** Open windows by their end (exclusive), the parts added up so far. */
    private transient MapState<Long, WindowManifest> windows;
    private transient Counter windowsCompleted;

    /** The key the parts of a table's windows share: the table key of their records. */
    public static String tableKey(WindowManifest part) {
        return FlatRecord.tableKey(part.schema, part.table);
    }

    @Override
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-parts", Types.LONG,
                TypeInformation.of(WindowManifest.class)));
        windowsCompleted = getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP)
                .counter(JobMetric.WINDOWS_COMPLETED.metricName());
    }

    @Override
    public void processElement(WindowManifest part, Context ctx, Collector<WindowManifest> out) throws Exception {
        WindowManifest window = windows.get(part.windowEndMillis);
        if (window == null) {
            // A copy: with object reuse on, the part may be an instance the input reuses.
            window = WindowManifest.empty(part);
            ctx.timerService().registerEventTimeTimer(part.windowEndMillis - 1);
        }
        window.merge(part);
        windows.put(part.windowEndMillis, window);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowManifest> out) throws Exception {
        // Keyed by window end, which the timer names: no search over the open windows.
        WindowManifest window = windows.get(timestamp + 1);
        if (window != null) {
            windows.remove(timestamp + 1);
            if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
                window.closedBy = WindowManifest.ClosedBy.END_OF_INPUT;
            }
            windowsCompleted.inc();
            out.collect(window);
        }
    }
}
