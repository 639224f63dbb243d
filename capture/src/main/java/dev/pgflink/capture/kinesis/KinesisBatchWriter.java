package dev.pgflink.capture.kinesis;

import dev.pgflink.capture.render.RenderedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records on a Kinesis stream in PutRecords batches within Kinesis' limits (500 records,
 * 5 MiB per call, 1 MiB per record including its partition key). {@link #flush()} returns only
 * when every record added so far is accepted, retrying throttled calls and partial failures with
 * backoff. Order per partition key survives retries: when a record fails, the later records of
 * its partition key in the batch are sent again after it, even if they were accepted — a
 * duplicate, never a reordering (DMS gives the same at-least-once guarantee). A record over the
 * limit is reported to the oversize handler and counted, never dropped silently. Not thread-safe.
 */
public final class KinesisBatchWriter {
    public static final int MAX_RECORDS_PER_CALL = 500;
    public static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
    public static final int MAX_BYTES_PER_RECORD = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(KinesisBatchWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final KinesisClient client;
    private final String stream;
    private final Consumer<RenderedRecord> oversize;
    private final List<RenderedRecord> pending = new ArrayList<>();
    private long pendingBytes;
    private long recordsPut;
    private long recordsResent;
    private long oversizeRecords;

    public KinesisBatchWriter(KinesisClient client, String stream, Consumer<RenderedRecord> oversize) {
        this.client = client;
        this.stream = stream;
        this.oversize = oversize;
    }

    /** Bytes a record counts for against Kinesis' limits: its data and its partition key. */
    static long size(RenderedRecord record) {
        return record.data().length + record.partitionKey().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Buffers a record; sends a batch first when this one would not fit in it. */
    public void add(RenderedRecord record) {
        long size = size(record);
        if (size > MAX_BYTES_PER_RECORD) {
            oversizeRecords++;
            oversize.accept(record);
            return;
        }
        if (pending.size() == MAX_RECORDS_PER_CALL || pendingBytes + size > MAX_BYTES_PER_CALL) {
            flush();
        }
        pending.add(record);
        pendingBytes += size;
    }

    public int pendingRecords() {
        return pending.size();
    }

    /** Sends everything buffered; returns when Kinesis has accepted all of it. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<RenderedRecord> batch = new ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        int attempt = 0;
        while (!batch.isEmpty()) {
            List<RenderedRecord> toSend = batch;
            try {
                PutRecordsResponse response = client.putRecords(r -> r.streamName(stream).records(entries(toSend)));
                batch = response.failedRecordCount() == 0 ? List.of() : retryList(toSend, response.records());
                recordsPut += toSend.size() - batch.size();
                if (!batch.isEmpty()) {
                    LOG.warn("{} of {} records not accepted by Kinesis; retrying", response.failedRecordCount(),
                            toSend.size());
                }
            } catch (SdkException e) {
                LOG.warn("PutRecords failed ({}); retrying", e.getMessage());
            }
            if (!batch.isEmpty()) {
                backoff(attempt++);
            }
        }
    }

    /** Failed records, plus every later record of a failed record's partition key, in order. */
    private List<RenderedRecord> retryList(List<RenderedRecord> sent, List<PutRecordsResultEntry> results) {
        List<RenderedRecord> retry = new ArrayList<>();
        Set<String> blockedKeys = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            RenderedRecord record = sent.get(i);
            boolean failed = results.get(i).errorCode() != null;
            if (failed || blockedKeys.contains(record.partitionKey())) {
                if (!failed) {
                    recordsResent++;
                }
                blockedKeys.add(record.partitionKey());
                retry.add(record);
            }
        }
        return retry;
    }

    private static List<PutRecordsRequestEntry> entries(List<RenderedRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (RenderedRecord record : records) {
            entries.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArrayUnsafe(record.data()))
                    .partitionKey(record.partitionKey()).build());
        }
        return entries;
    }

    private static void backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying PutRecords", e);
        }
    }

    public long recordsPut() {
        return recordsPut;
    }

    /** Records sent again although accepted, to keep their partition key's order after a failure. */
    public long recordsResent() {
        return recordsResent;
    }

    public long oversizeRecords() {
        return oversizeRecords;
    }
}
