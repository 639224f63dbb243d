package dev.pgflink.local.watch;

import java.util.Arrays;

/** Commit-to-object delays in milliseconds, each with the time it was seen, with percentiles. Thread-safe. */
public final class Latencies {
    private long[] delays = new long[1024];
    private long[] seenAt = new long[1024];
    private int size;

    synchronized void add(long seenAtMillis, long delayMillis) {
        if (size == delays.length) {
            delays = Arrays.copyOf(delays, size * 2);
            seenAt = Arrays.copyOf(seenAt, size * 2);
        }
        delays[size] = delayMillis;
        seenAt[size] = seenAtMillis;
        size++;
    }

    /** Forgets the samples so far (a benchmark's warm-up). */
    public synchronized void reset() {
        size = 0;
    }

    public synchronized int count() {
        return size;
    }

    /** The delay of the record seen last, or -1 before the first. */
    public synchronized long newest() {
        return size == 0 ? -1 : delays[size - 1];
    }

    /** The p-th percentile (0 < p ≤ 100) of every sample, nearest rank; -1 without samples. */
    public synchronized long percentile(double p) {
        return percentile(p, 0);
    }

    /** The p-th percentile of the samples seen at or after {@code sinceMillis}; -1 without any. */
    public synchronized long percentile(double p, long sinceMillis) {
        // Samples arrive in the order they were seen: the recent ones are a suffix.
        int from = size;
        while (from > 0 && seenAt[from - 1] >= sinceMillis) {
            from--;
        }
        if (from == size) {
            return -1;
        }
        long[] sorted = Arrays.copyOfRange(delays, from, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    public synchronized long max() {
        return size == 0 ? -1 : Arrays.stream(delays, 0, size).max().getAsLong();
    }
}
