package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The windows operator never announces itself idle: the merger after it must wait for every windows
 * subtask's watermark, or it could write a window's manifest before a part of it has arrived.
 */
class WindowTrackerOperatorTest {
    private KeyedOneInputStreamOperatorTestHarness<String, FlatRecord, FlatRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new WindowTrackerOperator(new WindowTracker(60_000, 5_000)),
                TableBuckets::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void anIdleInputIsNotPassedOnAsIdle() throws Exception {
        harness.processWatermarkStatus(WatermarkStatus.IDLE);

        assertThat(harness.getOutput()).noneMatch(e -> e instanceof WatermarkStatus);
    }

    @Test
    void aSnapshotOfTheTableKeyedTrackerRestoresAndItsOpenWindowsCloseAsParts() throws Exception {
        // Before the buckets: WindowTracker in a plain KeyedProcessOperator, keyed by table alone.
        var before = new KeyedOneInputStreamOperatorTestHarness<String, FlatRecord, FlatRecord>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new WindowTracker(60_000, 5_000)),
                FlatRecord::tableKey, Types.STRING);
        before.open();
        before.processElement(record("1", 10), 10);
        before.processElement(record("2", 20), 20);
        var snapshot = before.snapshot(1, 1);
        before.close();

        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new WindowTrackerOperator(new WindowTracker(60_000, 5_000)),
                TableBuckets::key, Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(record("3", 30), 30);
        harness.processWatermark(59_999);

        var parts = harness.getSideOutput(WindowTracker.MANIFESTS);
        assertThat(parts).extracting(p -> p.getValue().records).containsExactlyInAnyOrder(2L, 1L);
    }

    private static FlatRecord record(String sequenceNumber, long eventTime) {
        FlatRecord r = new FlatRecord();
        r.schema = "delivery";
        r.table = "orders";
        r.operation = "insert";
        r.eventTimeMillis = eventTime;
        r.shardId = "s0";
        r.sequenceNumber = sequenceNumber;
        r.partitionKey = "delivery.orders." + sequenceNumber;
        r.line = new byte[0];
        return r;
    }

    @Test
    void watermarksArePassedOnAfterAnIdleSpell() throws Exception {
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
        harness.processWatermark(1_000);

        assertThat(harness.getOutput()).anyMatch(e -> e instanceof org.apache.flink.streaming.api.watermark.Watermark
                && ((org.apache.flink.streaming.api.watermark.Watermark) e).getTimestamp() == 1_000);
    }
}
