package dev.pgflink.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.transform.FlatRecord;
import org.junit.jupiter.api.Test;

/** The remembered buckets give what the layout gives, and change exactly when the layout's answer does. */
class OutputSinksBucketsTest {
    private static final S3Layout LAYOUT = S3Layout.defaults();
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_734_354_000_000L; // 2024-12-16T13:00:00Z

    @Test
    void hourBucketsFollowTheArrivalHour() {
        OutputSinks.HourBuckets<RawLine> buckets = new OutputSinks.HourBuckets<>(r -> r.approximateArrivalMillis,
                LAYOUT::rawBucket);
        long[] times = {T0, T0 + 1, T0 + HOUR - 1, T0 + HOUR, T0 - 1, T0 + 30 * 24 * HOUR, T0, -1L, 0L};
        for (long time : times) {
            assertThat(buckets.getBucketId(new RawLine(time, new byte[0]), null))
                    .as("arrival %d", time).isEqualTo(LAYOUT.rawBucket(time));
        }
        assertThat(buckets.getBucketId(new RawLine(T0 + 5, new byte[0]), null))
                .isSameAs(buckets.getBucketId(new RawLine(T0 + 6, new byte[0]), null));
    }

    @Test
    void windowBucketsFollowTheTableAndTheWindow() {
        OutputSinks.WindowBuckets buckets = new OutputSinks.WindowBuckets(LAYOUT);
        // Runs of one table window, then tables interleaved record by record, as a subtask sees them.
        String[][] tables = {{"public", "orders"}, {"public", "orders"}, {"public", "items"}, {"sales", "items"},
            {"sales", "items"}, {"public", "orders"}, {"sales", "orders"}, {"public", "orders"}, {"sales", "orders"}};
        long[] windows = {T0, T0 + 60_000, T0 + 60_000, T0 + 60_000, T0, T0, T0, T0, T0 + 60_000};
        for (int i = 0; i < tables.length; i++) {
            FlatRecord record = new FlatRecord();
            record.schema = tables[i][0];
            record.table = tables[i][1];
            record.windowStartMillis = windows[i];
            assertThat(buckets.getBucketId(record, null)).as("record %d", i)
                    .isEqualTo(LAYOUT.transformedBucket(record.schema, record.table, record.windowStartMillis));
        }
    }
}
