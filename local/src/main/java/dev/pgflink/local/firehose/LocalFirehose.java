package dev.pgflink.local.firehose;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import dev.pgflink.core.layout.SourceRecord;
import dev.pgflink.lambda.FirehoseTransformHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Firehose delivery stream on this machine: reads a Kinesis stream, buffers by size and
 * interval, runs the Lambda processor in-process and writes to S3 with Firehose's key naming.
 *
 * <p>At least once, like Firehose. Duplicates can appear when an S3 put is retried after a
 * timeout although the first attempt landed, and when a delivery stream is started again: this
 * one keeps its stream position in memory and a new one reads the stream from its oldest record.
 * Records are never lost while it runs: a buffer stays until S3 has taken every object.
 * {@link #close()} reads the stream to its current end and delivers everything before stopping.
 */
public final class LocalFirehose implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFirehose.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final FirehoseSettings settings;
    private final ShardPoller poller;
    private final FirehoseDelivery delivery;
    private final FirehoseMetrics metrics = new FirehoseMetrics();
    private final Thread thread;
    private final List<SourceRecord> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long oldestBufferedNanos;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private LocalFirehose(KinesisClient kinesis, S3Client s3, FirehoseSettings settings,
            RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> processor) {
        this.settings = settings;
        this.poller = new ShardPoller(kinesis, settings.sourceStream());
        this.delivery = new FirehoseDelivery(processor, settings, s3, metrics);
        this.thread = new Thread(this::run, "local-firehose-" + settings.deliveryStream());
        thread.setDaemon(true);
    }

    /** Starts a delivery stream with the project's Lambda handler as processor. */
    public static LocalFirehose start(KinesisClient kinesis, S3Client s3, FirehoseSettings settings) {
        return start(kinesis, s3, settings, new FirehoseTransformHandler());
    }

    public static LocalFirehose start(KinesisClient kinesis, S3Client s3, FirehoseSettings settings,
            RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> processor) {
        LocalFirehose firehose = new LocalFirehose(kinesis, s3, settings, processor);
        firehose.thread.start();
        return firehose;
    }

    public FirehoseMetrics metrics() {
        return metrics;
    }

    /** The error that stopped delivery, or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                boolean read = readOnce();
                if (!buffer.isEmpty() && bufferFull()) {
                    deliverBuffer();
                }
                if (!read) {
                    Thread.sleep(IDLE_POLL.toMillis());
                }
            }
            // Closing: read to the stream's current end, then deliver everything.
            while (readOnce()) {
                // keep reading
            }
            deliverBuffer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            LOG.error("local Firehose {} stopped", settings.deliveryStream(), t);
        }
    }

    /** One poll of every shard, retried on errors (the Kinesis API may be restarting); true if records came. */
    private boolean readOnce() throws InterruptedException {
        List<SourceRecord> records;
        try {
            records = poller.poll();
        } catch (RuntimeException e) {
            LOG.warn("reading {} failed, retrying: {}", settings.sourceStream(), e.toString());
            Thread.sleep(1000);
            return running;
        }
        for (SourceRecord record : records) {
            if (buffer.isEmpty()) {
                oldestBufferedNanos = System.nanoTime();
            }
            buffer.add(record);
            bufferedBytes += record.data().length;
        }
        metrics.read(records.size());
        return !records.isEmpty();
    }

    private boolean bufferFull() {
        return bufferedBytes >= settings.bufferBytes()
                || System.nanoTime() - oldestBufferedNanos >= settings.bufferInterval().toNanos();
    }

    /** Delivers the buffer in objects of at most the size hint (one poll can bring more). */
    private void deliverBuffer() throws InterruptedException {
        for (List<SourceRecord> object : RecordChunks.of(buffer, settings.bufferBytes())) {
            delivery.deliver(object);
        }
        buffer.clear();
        bufferedBytes = 0;
    }

    /** Stops reading new data once the stream's current end is reached, delivers what is buffered, and returns. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
