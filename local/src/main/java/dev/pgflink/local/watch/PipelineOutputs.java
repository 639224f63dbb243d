package dev.pgflink.local.watch;

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
public final class PipelineOutputs implements AutoCloseable {
    static final Duration SCAN_INTERVAL = Duration.ofMillis(200);

    private final Latencies flinkLatency = new Latencies();
    private final Latencies firehoseLatency = new Latencies();
    private final OutputWatcher flinkRaw;
    private final OutputWatcher flinkTransformed;
    private final OutputWatcher flinkControl;
    private final OutputWatcher flinkErrors;
    private final OutputWatcher firehoseTransformed;
    private final OutputWatcher firehoseFailed;
    private final ExecutorService scanner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "output-scanner");
        thread.setDaemon(true);
        return thread;
    });

    /** @param skipExisting leave objects already there (an earlier run's) out of every count */
    public PipelineOutputs(S3Client s3, String bucket, S3Layout layout, boolean skipExisting) {
        flinkRaw = flink(s3, bucket, layout, FlinkOutput.RAW, null);
        flinkTransformed = flink(s3, bucket, layout, FlinkOutput.TRANSFORMED, flinkLatency);
        flinkControl = flink(s3, bucket, layout, FlinkOutput.CONTROL, null);
        flinkErrors = flink(s3, bucket, layout, FlinkOutput.ERRORS, null);
        firehoseTransformed = firehose(s3, bucket, layout, FirehoseOutput.TRANSFORMED, firehoseLatency);
        firehoseFailed = firehose(s3, bucket, layout, FirehoseOutput.PROCESSING_FAILED, null);
        if (skipExisting) {
            watchers().forEach(OutputWatcher::skipExisting);
        }
    }

    private static OutputWatcher flink(S3Client s3, String bucket, S3Layout layout, FlinkOutput output,
            Latencies latencies) {
        return new OutputWatcher(s3, bucket, layout.prefix(output), S3Layout::isCommittedFlinkPart, latencies);
    }

    private static OutputWatcher firehose(S3Client s3, String bucket, S3Layout layout, FirehoseOutput output,
            Latencies latencies) {
        return new OutputWatcher(s3, bucket, layout.prefix(output), S3Layout::isFirehoseObject, latencies);
    }

    /** Scans every {@link #SCAN_INTERVAL} or so in a thread of its own until closed. */
    public void startScanning() {
        scanner.execute(this::scanRepeatedly);
    }

    /** Reads the objects that appeared since the last scan. */
    public void scan() {
        for (OutputWatcher watcher : watchers()) {
            watcher.scan();
        }
    }

    /** Records the Flink job wrote to transformed, control and errors: each input lands in exactly one. */
    public long flinkRecordsOut() {
        return flinkTransformed.records() + flinkControl.records() + flinkErrors.records();
    }

    /** Every Kinesis record the Flink job wrote to raw. */
    public long flinkRawRecords() {
        return flinkRaw.records();
    }

    public Latencies flinkLatency() {
        return flinkLatency;
    }

    public Latencies firehoseLatency() {
        return firehoseLatency;
    }

    /** The outputs' part of the progress line. */
    public String progress() {
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
