package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.SourceRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a local Firehose, read by the progress line while it runs. */
public final class FirehoseMetrics {
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final AtomicLong transformedObjects = new AtomicLong();
    private final AtomicLong deliveryRetries = new AtomicLong();
    private volatile long lastDeliveryMillis;
    private volatile long newestDeliveredArrivalMillis;

    void read(int records) {
        recordsRead.addAndGet(records);
    }

    void delivered(List<SourceRecord> buffer, int ok, int failed, boolean wroteTransformed) {
        recordsDelivered.addAndGet(ok);
        recordsFailed.addAndGet(failed);
        if (wroteTransformed) {
            transformedObjects.incrementAndGet();
        }
        lastDeliveryMillis = System.currentTimeMillis();
        newestDeliveredArrivalMillis = buffer.stream().mapToLong(SourceRecord::approximateArrivalMillis).max().orElse(0);
    }

    void deliveryRetried() {
        deliveryRetries.incrementAndGet();
    }

    /** Records read from the stream. */
    public long recordsRead() {
        return recordsRead.get();
    }

    /** Records the processor returned Ok, written to transformed/. */
    public long recordsDelivered() {
        return recordsDelivered.get();
    }

    /** Records written to errors/processing-failed/. */
    public long recordsFailed() {
        return recordsFailed.get();
    }

    public long transformedObjects() {
        return transformedObjects.get();
    }

    public long deliveryRetries() {
        return deliveryRetries.get();
    }

    /** When the last buffer was delivered (epoch millis; 0 before the first). */
    public long lastDeliveryMillis() {
        return lastDeliveryMillis;
    }

    /** The arrival time of the newest record delivered so far (epoch millis; 0 before the first). */
    public long newestDeliveredArrivalMillis() {
        return newestDeliveredArrivalMillis;
    }
}
