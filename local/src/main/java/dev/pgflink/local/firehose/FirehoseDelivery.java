package dev.pgflink.local.firehose;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Delivers one buffer as Firehose does with a Lambda processor and S3 backup: invokes the
 * processor in batches of at most {@code processorBytes} of source data, then writes
 * <ul>
 * <li>the {@code Ok} records' data, concatenated, to {@code transformed/};</li>
 * <li>every source record's bytes, concatenated and unchanged, to {@code raw/} (source backup);</li>
 * <li>each record that failed processing as a JSON document with its original bytes in
 * {@code rawData} to {@code errors/processing-failed/}.</li>
 * </ul>
 * A processor that throws is retried three times, then its whole batch fails as
 * {@code Lambda.FunctionError}. A record missing from the response fails as
 * {@code Lambda.MissingRecordId}. S3 writes are retried until they succeed.
 */
final class FirehoseDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(FirehoseDelivery.class);
    private static final int INVOCATION_ATTEMPTS = 4;
    private static final int OBJECT_VERSION = 1;

    private final RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> processor;
    private final FirehoseSettings settings;
    private final S3Client s3;
    private final String deliveryStreamArn;
    private final String lambdaArn;
    private final FirehoseMetrics metrics;

    FirehoseDelivery(RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> processor,
            FirehoseSettings settings, S3Client s3, FirehoseMetrics metrics) {
        this.processor = processor;
        this.settings = settings;
        this.s3 = s3;
        this.metrics = metrics;
        this.deliveryStreamArn = "arn:aws:firehose:us-east-1:000000000000:deliverystream/" + settings.deliveryStream();
        this.lambdaArn = "arn:aws:lambda:us-east-1:000000000000:function:" + processor.getClass().getSimpleName();
    }

    /** Processes and writes one buffer; returns once every object is in S3. */
    void deliver(List<SourceRecord> buffer) throws InterruptedException {
        ByteArrayOutputStream transformed = new ByteArrayOutputStream();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        int ok = 0;
        int failures = 0;
        for (List<SourceRecord> batch : RecordChunks.of(buffer, settings.processorBytes())) {
            Map<String, KinesisAnalyticsInputPreprocessingResponse.Record> results = invoke(batch);
            for (SourceRecord record : batch) {
                raw.writeBytes(record.data());
                KinesisAnalyticsInputPreprocessingResponse.Record result = results.get(recordId(record));
                if (result == null) {
                    failures++;
                    writeFailure(failed, record, results.isEmpty() ? "Lambda.FunctionError" : "Lambda.MissingRecordId",
                            results.isEmpty() ? "The Lambda function failed after " + INVOCATION_ATTEMPTS + " attempts"
                                    : "The Lambda response has no record with this recordId");
                } else if (result.getResult() == Result.Ok) {
                    ok++;
                    transformed.writeBytes(bytes(result.getData()));
                } else if (result.getResult() == Result.ProcessingFailed) {
                    failures++;
                    writeFailure(failed, record, "Lambda.ProcessingFailedStatus", "ProcessingFailed status set for record");
                }
                // Dropped: intentionally not delivered, as in Firehose.
            }
        }
        Instant now = Instant.now();
        put(FirehoseOutput.RAW, now, raw);
        put(FirehoseOutput.PROCESSING_FAILED, now, failed);
        boolean wroteTransformed = put(FirehoseOutput.TRANSFORMED, now, transformed);
        metrics.delivered(ok, failures, wroteTransformed);
    }

    /** The processor's results by recordId; empty when every attempt threw. */
    private Map<String, KinesisAnalyticsInputPreprocessingResponse.Record> invoke(List<SourceRecord> batch) {
        KinesisFirehoseEvent event = event(batch);
        for (int attempt = 1; attempt <= INVOCATION_ATTEMPTS; attempt++) {
            try {
                Map<String, KinesisAnalyticsInputPreprocessingResponse.Record> results = new HashMap<>();
                for (KinesisAnalyticsInputPreprocessingResponse.Record result : processor.handleRequest(event, null).getRecords()) {
                    results.put(result.getRecordId(), result);
                }
                return results;
            } catch (RuntimeException e) {
                LOG.warn("Lambda processor failed (attempt {} of {}): {}", attempt, INVOCATION_ATTEMPTS, e.toString());
            }
        }
        return Map.of();
    }

    private KinesisFirehoseEvent event(List<SourceRecord> batch) {
        List<KinesisFirehoseEvent.Record> records = new ArrayList<>(batch.size());
        for (SourceRecord source : batch) {
            KinesisFirehoseEvent.Record record = new KinesisFirehoseEvent.Record();
            record.setRecordId(recordId(source));
            record.setApproximateArrivalEpoch(source.approximateArrivalMillis());
            record.setData(ByteBuffer.wrap(source.data()));
            record.setKinesisRecordMetadata(Map.of(
                    "shardId", source.shardId(),
                    "partitionKey", source.partitionKey(),
                    "approximateArrivalTimestamp", Long.toString(source.approximateArrivalMillis()),
                    "sequenceNumber", source.sequenceNumber()));
            records.add(record);
        }
        return new KinesisFirehoseEvent().withInvocationId(UUID.randomUUID().toString())
                .withDeliveryStreamArn(deliveryStreamArn).withRegion("us-east-1").withRecords(records);
    }

    private static String recordId(SourceRecord record) {
        return record.shardId() + ":" + record.sequenceNumber();
    }

    private void writeFailure(ByteArrayOutputStream out, SourceRecord record, String code, String message) {
        try (JsonGenerator json = DmsJson.factory().createGenerator(out)) {
            long now = System.currentTimeMillis();
            json.writeStartObject();
            json.writeNumberField("attemptsMade", 1);
            json.writeNumberField("arrivalTimestamp", record.approximateArrivalMillis());
            json.writeStringField("errorCode", code);
            json.writeStringField("errorMessage", message);
            json.writeNumberField("attemptEndingTimestamp", now);
            json.writeFieldName("rawData");
            json.writeBinary(record.data());
            json.writeStringField("lambdaArn", lambdaArn);
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** Writes one object unless empty; retries until S3 takes it, as Firehose does. */
    private boolean put(FirehoseOutput output, Instant time, ByteArrayOutputStream content) throws InterruptedException {
        if (content.size() == 0) {
            return false;
        }
        String key = settings.layout().firehoseKey(output, settings.deliveryStream(), OBJECT_VERSION, time,
                UUID.randomUUID(), settings.compression());
        byte[] bytes = settings.compression().compress(content.toByteArray());
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                s3.putObject(r -> r.bucket(settings.bucket()).key(key), RequestBody.fromBytes(bytes));
                return true;
            } catch (RuntimeException e) {
                // A retried put whose first attempt did land is one place duplicates come from.
                LOG.warn("S3 put of {} failed, retrying in {} ms: {}", key, backoff.toMillis(), e.toString());
                metrics.deliveryRetried();
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
