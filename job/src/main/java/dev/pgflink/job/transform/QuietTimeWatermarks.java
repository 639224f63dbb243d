package dev.pgflink.job.transform;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that keep moving when the stream goes quiet.
 *
 * <p>While records arrive, the watermark is the highest event time less the allowed
 * out-of-orderness, as Flink's {@code BoundedOutOfOrdernessWatermarks}. After {@code idleness}
 * without a record this instance is marked idle, so it stops holding back the others (Flink's
 * {@code withIdleness}). After {@code quietTime} without a record the watermark follows the wall
 * clock, less the allowed out-of-orderness: a real watermark, because an idle input does not move
 * the windows operator on when every input is idle, and on a quiet database every input is.
 *
 * <p>Flink's {@code withIdleness} would stop calling this generator once idle, so idleness is
 * handled here rather than by wrapping. Both clocks count per instance of this generator: the
 * watermarks are assigned after the transform, so that is one per operator instance, not one per
 * Kinesis shard.
 */
public final class QuietTimeWatermarks implements WatermarkGenerator<FlatRecord> {
    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long quietMillis;
    private final WallClock clock;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastRecordAt;
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    /** The wall clock, replaceable in tests. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    QuietTimeWatermarks(Duration outOfOrderness, Duration idleness, Duration quietTime, WallClock clock) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idlenessMillis = idleness.toMillis();
        this.quietMillis = quietTime.toMillis();
        this.clock = clock;
        // A restored or new instance starts its quiet clock now: nothing is known about the gap before.
        this.lastRecordAt = clock.millis();
    }

    /** The job's strategy: event time from {@link FlatRecord#eventTimeMillis}. */
    public static WatermarkStrategy<FlatRecord> strategy(Duration outOfOrderness, Duration idleness,
            Duration quietTime, WallClock clock) {
        return WatermarkStrategy.<FlatRecord>forGenerator(
                        context -> new QuietTimeWatermarks(outOfOrderness, idleness, quietTime, clock))
                .withTimestampAssigner((record, previous) -> record.eventTimeMillis);
    }

    @Override
    public void onEvent(FlatRecord record, long eventTimestamp, WatermarkOutput output) {
        maxEventTime = Math.max(maxEventTime, eventTimestamp);
        lastRecordAt = clock.millis();
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietFor = clock.millis() - lastRecordAt;
        if (quietFor >= quietMillis) {
            emit(output, clock.millis() - outOfOrdernessMillis - 1);
        } else if (quietFor >= idlenessMillis) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
        } else if (maxEventTime != Long.MIN_VALUE) {
            emit(output, maxEventTime - outOfOrdernessMillis - 1);
        }
    }

    private void emit(WatermarkOutput output, long watermark) {
        // Never backwards: a record after a quiet spell may carry an older event time.
        emitted = Math.max(emitted, watermark);
        idle = false;
        output.emitWatermark(new Watermark(emitted));
    }
}
