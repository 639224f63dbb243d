package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifest rule with a table spread over buckets: the parts of one table window add up to one
 * manifest, written once the (lowest) watermark of every windows subtask has passed the window's end.
 */
class WindowManifestMergerTest {
    private static final long WINDOW = 60_000;
    private static final long T0 = 1_734_355_440_000L; // a window start
    private static final long OUT_OF_ORDERNESS = 5_000;

    private KeyedOneInputStreamOperatorTestHarness<String, WindowManifest, WindowManifest> merger;

    @BeforeEach
    void open() throws Exception {
        merger = newMerger();
        merger.open();
    }

    @AfterEach
    void close() throws Exception {
        merger.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowManifest, WindowManifest> newMerger()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new WindowManifestMerger()),
                WindowManifestMerger::tableKey, Types.STRING);
    }

    /** One bucket's part of a window: {@code records} inserts from one shard. */
    private static WindowManifest part(String table, long windowStart, int records, String shard, long firstSeq,
            WindowManifest.ClosedBy closedBy) {
        FlatRecord r = new FlatRecord();
        r.schema = "delivery";
        r.table = table;
        r.operation = "insert";
        r.shardId = shard;
        WindowManifest part = WindowManifest.open(r, windowStart, windowStart + WINDOW);
        for (int i = 0; i < records; i++) {
            r.eventTimeMillis = windowStart + 100 * (firstSeq + i);
            r.sequenceNumber = Long.toString(firstSeq + i);
            part.add(r);
        }
        part.closedBy = closedBy;
        return part;
    }

    private void send(WindowManifest part) throws Exception {
        merger.processElement(part, part.windowEndMillis - 1);
    }

    private List<WindowManifest> written() {
        return merger.extractOutputValues();
    }

    @Test
    void thePartsOfATableWindowAddUpToOneManifest() throws Exception {
        send(part("orders", T0, 3, "s0", 10, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("orders", T0, 5, "s1", 1, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("orders", T0, 2, "s0", 20, WindowManifest.ClosedBy.QUIET_TIME));

        merger.processWatermark(T0 + WINDOW - 1);

        assertThat(written()).singleElement().satisfies(m -> {
            assertThat(m.records).isEqualTo(10);
            assertThat(m.operations).isEqualTo(Map.of("insert", 10L));
            assertThat(m.minEventTimeMillis).isEqualTo(T0 + 100);
            assertThat(m.maxEventTimeMillis).isEqualTo(T0 + 2_100);
            assertThat(m.firstSequenceNumbers).isEqualTo(Map.of("s0", "10", "s1", "1"));
            assertThat(m.lastSequenceNumbers).isEqualTo(Map.of("s0", "21", "s1", "5"));
        });
    }

    @Test
    void nothingIsWrittenUntilTheWatermarkOfEverySubtaskHasPassedTheWindowEnd() throws Exception {
        send(part("orders", T0, 3, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME));

        // The merger's watermark is the lowest of its inputs': one subtask has not passed the end yet.
        merger.processWatermark(T0 + WINDOW - 2);
        assertThat(written()).isEmpty();

        send(part("orders", T0, 4, "s1", 1, WindowManifest.ClosedBy.QUIET_TIME));
        merger.processWatermark(T0 + WINDOW - 1);
        assertThat(written()).singleElement().satisfies(m -> assertThat(m.records).isEqualTo(7));
    }

    @Test
    void eachTableAndWindowGetsItsOwnManifest() throws Exception {
        send(part("orders", T0, 1, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("orders", T0 + WINDOW, 2, "s0", 2, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("drivers", T0, 3, "s0", 4, WindowManifest.ClosedBy.QUIET_TIME));

        merger.processWatermark(T0 + 2 * WINDOW - 1);

        assertThat(written()).extracting(m -> m.table + "@" + (m.windowStartMillis - T0) + "=" + m.records)
                .containsExactlyInAnyOrder("orders@0=1", "orders@60000=2", "drivers@0=3");
    }

    @Test
    void aWindowIsClosedByLaterRecordsIfAnyPartSawThem() throws Exception {
        send(part("orders", T0, 1, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("orders", T0, 1, "s1", 1, WindowManifest.ClosedBy.LATER_RECORDS));
        send(part("orders", T0, 1, "s2", 1, WindowManifest.ClosedBy.QUIET_TIME));

        merger.processWatermark(T0 + WINDOW - 1);

        assertThat(written()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.LATER_RECORDS));
    }

    @Test
    void aWindowWhosePartsAllClosedOnQuietTimeSaysSo() throws Exception {
        send(part("orders", T0, 1, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME));
        send(part("orders", T0, 1, "s1", 1, WindowManifest.ClosedBy.QUIET_TIME));

        merger.processWatermark(T0 + WINDOW - 1);

        assertThat(written()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.QUIET_TIME));
    }

    @Test
    void aDrainedJobClosesItsWindowsAsEndOfInput() throws Exception {
        send(part("orders", T0, 1, "s0", 1, WindowManifest.ClosedBy.LATER_RECORDS));

        merger.processWatermark(Long.MAX_VALUE);

        assertThat(written()).singleElement()
                .satisfies(m -> assertThat(m.closedBy).isEqualTo(WindowManifest.ClosedBy.END_OF_INPUT));
    }

    @Test
    void partsReceivedBeforeARestoreAreCountedAfterIt() throws Exception {
        send(part("orders", T0, 3, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME));
        var snapshot = merger.snapshot(1, 1);
        merger.close();

        merger = newMerger();
        merger.initializeState(snapshot);
        merger.open();
        send(part("orders", T0, 4, "s1", 1, WindowManifest.ClosedBy.QUIET_TIME));
        merger.processWatermark(T0 + WINDOW - 1);

        assertThat(written()).singleElement().satisfies(m -> assertThat(m.records).isEqualTo(7));
    }

    @Test
    void aPartIsNotChangedByMergingIt() throws Exception {
        WindowManifest first = part("orders", T0, 3, "s0", 1, WindowManifest.ClosedBy.QUIET_TIME);
        send(first);
        send(part("orders", T0, 4, "s1", 1, WindowManifest.ClosedBy.QUIET_TIME));

        assertThat(first.records).isEqualTo(3);
    }
}
