package dev.pgflink.local.pipeline;

import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What both paths have written so far, read from S3 by a thread of its own every 200 ms (so a
 * record's delay is measured to within that), or twice as long as a scan takes once a long run
 * has made listing slow, so scanning never takes more than a third of a core.
 */
final class PipelineOutputs implements AutoCloseable {
    static final Duration SCAN_INTERVAL = Duration.ofMillis(200);

    final Latencies flinkLatency = new Latencies();
    final Latencies firehoseLatency = new Latencies();
    final OutputWatcher flinkRaw;
    final OutputWatcher flinkTransformed;
    final OutputWatcher flinkControl;
    final OutputWatcher flinkErrors;
    final OutputWatcher firehoseTransformed;
    final OutputWatcher firehoseFailed;
    private final ExecutorService scanner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "output-scanner");
        thread.setDaemon(true);
        return thread;
    });

    /** @param skipExisting leave objects already there (an earlier run's) out of every count */
    PipelineOutputs(S3Client s3, String bucket, S3Layout layout, boolean skipExisting) {
        flinkRaw = new OutputWatcher(s3, bucket, layout.prefix(FlinkOutput.RAW), null);
        flinkTransformed = new OutputWatcher(s3, bucket, layout.prefix(FlinkOutput.TRANSFORMED), flinkLatency);
        flinkControl = new OutputWatcher(s3, bucket, layout.prefix(FlinkOutput.CONTROL), null);
        flinkErrors = new OutputWatcher(s3, bucket, layout.prefix(FlinkOutput.ERRORS), null);
        firehoseTransformed = new OutputWatcher(s3, bucket, layout.prefix(FirehoseOutput.TRANSFORMED), firehoseLatency);
        firehoseFailed = new OutputWatcher(s3, bucket, layout.prefix(FirehoseOutput.PROCESSING_FAILED), null);
        if (skipExisting) {
            watchers().forEach(OutputWatcher::skipExisting);
        }
    }

    void startScanning() {
        scanner.execute(this::scanRepeatedly);
    }

    /** Reads the objects that appeared since the last scan. */
    void scan() {
        for (OutputWatcher watcher : watchers()) {
            watcher.scan();
        }
    }

    /** Records the Flink job wrote to transformed, control and errors: each input lands in exactly one. */
    long flinkRecordsOut() {
        return flinkTransformed.records() + flinkControl.records() + flinkErrors.records();
    }

    /** The outputs' part of the progress line. */
    String progress() {
        return String.format("flink raw %,d, transformed %,d in %,d files, control %,d, errors %,d | firehose %,d in %,d files,"
                        + " failed %,d | lag flink %s (p99 last min %s), firehose %s",
                flinkRaw.records(), flinkTransformed.records(), flinkTransformed.objects(), flinkControl.records(),
                flinkErrors.records(), firehoseTransformed.records(), firehoseTransformed.objects(), firehoseFailed.records(),
                seconds(flinkLatency.newest()), seconds(flinkLatency.percentile(99, System.currentTimeMillis() - 60_000)),
                seconds(firehoseLatency.newest()));
    }

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format("%.1fs", millis / 1000.0);
    }

    private List<OutputWatcher> watchers() {
        return List.of(flinkRaw, flinkTransformed, flinkControl, flinkErrors, firehoseTransformed, firehoseFailed);
    }

    private void scanRepeatedly() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                scan();
            } catch (RuntimeException e) {
                // S3 briefly unavailable: the next scan catches up.
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            try {
                Thread.sleep(Math.max(SCAN_INTERVAL.toMillis(), 2 * tookMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        scanner.shutdownNow();
    }
}
