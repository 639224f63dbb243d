package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.operators.TimestampsAndWatermarksOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job's watermark operator, in Flink's operator harness: periodic emission is driven by the
 * harness's processing time, the quiet-time rule by a wall clock the test moves.
 */
class QuietTimeWatermarksTest {
    private static final long NOW = 1_734_355_440_000L;
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final Duration IDLENESS = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(120);
    private static final long EMIT_INTERVAL = 200;
    /** Static so that the serializable clock lambda can reach it. */
    private static final AtomicLong WALL_CLOCK = new AtomicLong();

    private OneInputStreamOperatorTestHarness<FlatRecord, FlatRecord> harness;
    private long processingTime;

    @BeforeEach
    void open() throws Exception {
        WALL_CLOCK.set(NOW);
        StreamOperator<FlatRecord> operator = new TimestampsAndWatermarksOperator<>(
                QuietTimeWatermarks.strategy(OUT_OF_ORDERNESS, IDLENESS, QUIET, WALL_CLOCK::get), true);
        harness = new OneInputStreamOperatorTestHarness<>(
                (org.apache.flink.streaming.api.operators.OneInputStreamOperator<FlatRecord, FlatRecord>) operator);
        harness.getExecutionConfig().setAutoWatermarkInterval(EMIT_INTERVAL);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(long eventTime) throws Exception {
        FlatRecord record = new FlatRecord();
        record.eventTimeMillis = eventTime;
        harness.processElement(new StreamRecord<>(record));
    }

    /** Moves both clocks on, one emission interval at a time. */
    private void waitFor(Duration duration) throws Exception {
        for (long left = duration.toMillis(); left > 0; left -= EMIT_INTERVAL) {
            WALL_CLOCK.addAndGet(EMIT_INTERVAL);
            processingTime += EMIT_INTERVAL;
            harness.setProcessingTime(processingTime);
        }
    }

    private List<Long> watermarks() {
        return output().stream().filter(Watermark.class::isInstance).map(w -> ((Watermark) w).getTimestamp())
                .collect(Collectors.toList());
    }

    private List<Object> output() {
        return new java.util.ArrayList<>(harness.getOutput());
    }

    private long lastWatermark() {
        List<Long> all = watermarks();
        return all.get(all.size() - 1);
    }

    @Test
    void whileRecordsArriveTheWatermarkTrailsTheHighestEventTime() throws Exception {
        send(NOW - 2_000);
        send(NOW - 10_000);
        waitFor(Duration.ofSeconds(1));

        assertThat(lastWatermark()).isEqualTo(NOW - 2_000 - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void aQuietInstanceIsMarkedIdleAfterTheIdlenessTime() throws Exception {
        send(NOW);
        waitFor(IDLENESS.plusSeconds(1));

        assertThat(output()).contains(WatermarkStatus.IDLE);
        assertThat(lastWatermark()).isEqualTo(NOW - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void afterTheQuietTimeTheWatermarkFollowsTheWallClock() throws Exception {
        send(NOW);
        waitFor(QUIET.plusSeconds(10));

        long wallClock = WALL_CLOCK.get();
        assertThat(lastWatermark()).isEqualTo(wallClock - OUT_OF_ORDERNESS.toMillis() - 1);
        waitFor(Duration.ofSeconds(60));
        assertThat(lastWatermark()).as("still moving").isEqualTo(wallClock + 60_000 - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void aQuietStreamClosesWindowsEvenWithNoRecordSinceTheStart() throws Exception {
        waitFor(QUIET.plusSeconds(1));

        assertThat(watermarks()).isNotEmpty();
        assertThat(lastWatermark()).isGreaterThan(NOW);
    }

    @Test
    void aRecordAfterAQuietSpellNeverMovesTheWatermarkBack() throws Exception {
        send(NOW);
        waitFor(QUIET.plusSeconds(10));
        long afterQuiet = lastWatermark();

        send(NOW + 1_000); // DMS was stalled: this change is older than the quiet watermark
        waitFor(Duration.ofSeconds(1));

        assertThat(watermarks()).isSorted();
        assertThat(lastWatermark()).isGreaterThanOrEqualTo(afterQuiet);
    }

    @Test
    void theQuietClockStartsAgainWithEachRecord() throws Exception {
        send(NOW);
        waitFor(QUIET.minusSeconds(10));
        send(NOW + 1);
        waitFor(Duration.ofSeconds(20));

        assertThat(lastWatermark()).as("not yet quiet: the data watermark")
                .isEqualTo(NOW + 1 - OUT_OF_ORDERNESS.toMillis() - 1);
    }
}
