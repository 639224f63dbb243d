package dev.pgflink.job.transform;

import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs the {@link WindowTracker} and never tells the operators after it that it is idle. The
 * {@link WindowManifestMerger} may write a window's manifest only once every windows subtask has
 * sent its parts; Flink leaves idle inputs out of an operator's watermark, so one subtask that
 * announced itself idle while others moved on would let the merger close a window without that
 * subtask's part (seen when the stream went quiet: the subtasks leave idleness one by one). Every
 * windows subtask reads every watermark subtask, so none of them lags behind for want of input.
 */
public final class WindowTrackerOperator extends KeyedProcessOperator<String, FlatRecord, FlatRecord> {
    private static final long serialVersionUID = 1L;

    public WindowTrackerOperator(WindowTracker tracker) {
        super(tracker);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isActive()) {
            super.processWatermarkStatus(status);
        }
    }
}
