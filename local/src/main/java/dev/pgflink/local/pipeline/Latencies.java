package dev.pgflink.local.pipeline;

import java.util.Arrays;

/** Commit-to-object delays in milliseconds, with percentiles. Thread-safe. */
public final class Latencies {
    private long[] samples = new long[1024];
    private int size;
    private long newest = -1;

    synchronized void add(long millis) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = millis;
        newest = millis;
    }

    /** Forgets the samples so far (a benchmark's warm-up). */
    public synchronized void reset() {
        size = 0;
        newest = -1;
    }

    public synchronized int count() {
        return size;
    }

    /** The delay of the record seen last, or -1 before the first. */
    public synchronized long newest() {
        return newest;
    }

    /** The p-th percentile (0 < p ≤ 100), nearest rank; -1 without samples. */
    public synchronized long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)];
    }

    public synchronized long max() {
        return size == 0 ? -1 : Arrays.stream(samples, 0, size).max().getAsLong();
    }
}
