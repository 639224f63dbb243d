package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowTrackerTest {
    private static final long WINDOW = 60_000;
    private static final long T0 = 1_734_355_440_000L; // 2024-12-16T13:24:00Z, a window start
    private static final long OUT_OF_ORDERNESS = 5_000;

    private KeyedOneInputStreamOperatorTestHarness<String, FlatRecord, FlatRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new WindowTracker(WINDOW, OUT_OF_ORDERNESS)),
                FlatRecord::tableKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static FlatRecord record(String table, String op, long eventTime, String shard, String seq) {
        FlatRecord r = new FlatRecord();
        r.schema = "delivery";
        r.table = table;
        r.operation = op;
        r.eventTimeMillis = eventTime;
        r.shardId = shard;
        r.sequenceNumber = seq;
        r.line = new byte[0];
        return r;
    }

    private void send(FlatRecord r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.eventTimeMillis));
    }

    private List<WindowManifest> manifests() {
        var emitted = harness.getSideOutput(WindowTracker.MANIFESTS);
        return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void assignsEachRecordTheStartOfItsTumblingWindow() throws Exception {
        send(record("orders", "insert", T0 + 59_999, "s0", "1"));
        send(record("orders", "insert", T0 + 60_000, "s0", "2"));

        assertThat(harness.extractOutputValues()).extracting(r -> r.windowStartMillis).containsExactly(T0, T0 + WINDOW);
    }

    @Test
    void writesTheManifestOnlyWhenTheWatermarkPassesTheWindowEnd() throws Exception {
        send(record("orders", "insert", T0 + 1_000, "s0", "10"));
        send(record("orders", "update", T0 + 5_000, "s1", "7"));
        send(record("orders", "insert", T0 + 3_000, "s0", "9"));
        send(record("orders", "delete", T0 + 61_000, "s0", "11"));

        harness.processWatermark(T0 + WINDOW - 2);
        assertThat(manifests()).isEmpty();

        harness.processWatermark(T0 + WINDOW - 1);
        assertThat(manifests()).singleElement().satisfies(m -> {
            assertThat(m.table).isEqualTo("orders");
            assertThat(m.windowStartMillis).isEqualTo(T0);
            assertThat(m.windowEndMillis).isEqualTo(T0 + WINDOW);
            assertThat(m.records).isEqualTo(3);
            assertThat(m.operations).containsEntry("insert", 2L).containsEntry("update", 1L).doesNotContainKey("delete");
            assertThat(m.minEventTimeMillis).isEqualTo(T0 + 1_000);
            assertThat(m.maxEventTimeMillis).isEqualTo(T0 + 5_000);
            assertThat(m.firstSequenceNumbers).containsEntry("s0", "9").containsEntry("s1", "7");
            assertThat(m.lastSequenceNumbers).containsEntry("s0", "10");
        });
    }

    @Test
    void keepsOneManifestPerTable() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));
        send(record("drivers", "insert", T0 + 2, "s0", "2"));

        harness.processWatermark(T0 + WINDOW);

        assertThat(manifests()).extracting(m -> m.table).containsExactlyInAnyOrder("orders", "drivers");
    }

    @Test
    void aRecordBehindTheWatermarkIsWrittenAsLateAndNotDropped() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));
        harness.processWatermark(T0 + WINDOW + 10_000);

        send(record("orders", "update", T0 + 30_000, "s0", "2"));

        assertThat(harness.getSideOutput(WindowTracker.LATE)).singleElement().satisfies(r -> {
            assertThat(r.getValue().windowStartMillis).isEqualTo(T0);
            assertThat(r.getValue().sequenceNumber).isEqualTo("2");
        });
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(manifests()).singleElement().satisfies(m -> assertThat(m.records).isEqualTo(1));
    }

    @Test
    void openWindowsSurviveASnapshotAndRestore() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));
        var snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new WindowTracker(WINDOW, OUT_OF_ORDERNESS)),
                FlatRecord::tableKey, Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        send(record("orders", "insert", T0 + 2, "s0", "2"));
        harness.processWatermark(T0 + WINDOW);

        assertThat(manifests()).singleElement().satisfies(m -> assertThat(m.records).isEqualTo(2));
    }

    @Test
    void aWindowClosedByLaterRecordsSaysSo() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));
        send(record("orders", "insert", T0 + WINDOW + OUT_OF_ORDERNESS, "s0", "2"));

        harness.processWatermark(T0 + WINDOW - 1);

        assertThat(manifests()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.LATER_RECORDS));
    }

    @Test
    void aWindowClosedWithoutLaterRecordsIsMarkedQuietTime() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));
        // A later record, but not far enough past the end to have moved a data watermark past it.
        send(record("orders", "insert", T0 + WINDOW + OUT_OF_ORDERNESS - 1, "s0", "2"));

        harness.processWatermark(T0 + WINDOW - 1);

        assertThat(manifests()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.QUIET_TIME));
    }

    @Test
    void aDrainedJobClosesItsWindowsAsEndOfInput() throws Exception {
        send(record("orders", "insert", T0 + 1, "s0", "1"));

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(manifests()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.END_OF_INPUT));
    }

    @Test
    void sequenceNumbersCompareAsNumbers() {
        assertThat(WindowManifest.compareSequenceNumbers("9", "10")).isNegative();
        assertThat(WindowManifest.compareSequenceNumbers("49656984238478954895467354654000012",
                "49656984238478954895467354654000011")).isPositive();
    }
}
