package dev.pgflink.local.firehose;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a local Firehose, read by the progress line while it runs. */
public final class FirehoseMetrics {
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final AtomicLong transformedObjects = new AtomicLong();
    private final AtomicLong deliveryRetries = new AtomicLong();

    void read(int records) {
        recordsRead.addAndGet(records);
    }

    void delivered(int ok, int failed, boolean wroteTransformed) {
        recordsDelivered.addAndGet(ok);
        recordsFailed.addAndGet(failed);
        if (wroteTransformed) {
            transformedObjects.incrementAndGet();
        }
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

    /** S3 writes retried (each retry of a write that had landed is a duplicate object). */
    public long deliveryRetries() {
        return deliveryRetries.get();
    }
}
