package dev.pgflink.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Record;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Firehose data-transformation Lambda of the parity path: the same core transform as the
 * Flink job, one output per input record with the same recordId.
 * <ul>
 * <li>a data record: {@code Ok} with its flat JSON line, newline included, so Firehose writes JSON
 * Lines instead of the old pipeline's {@code }{};</li>
 * <li>a control (DDL) record: {@code Ok} with its flat control line. Firehose has a single
 * output, so control lines land among the data lines (their {@code __op} is a DDL operation),
 * where the Flink job writes them to a control prefix of their own;</li>
 * <li>a record the transform rejects: {@code ProcessingFailed} with its original bytes, so
 * Firehose writes it under its error prefix. Never {@code Dropped}, which would lose it.</li>
 * </ul>
 * A Lambda response is limited to 6 MB: records whose lines would push the response past
 * {@link #RESPONSE_BUDGET_BYTES} are returned as {@code ProcessingFailed} with an empty payload —
 * Firehose then writes their original bytes to the error prefix, so nothing is lost; keep the
 * Firehose processor buffer at 3 MB or less and it never happens.
 */
public final class FirehoseTransformHandler
        implements RequestHandler<KinesisFirehoseEvent, KinesisAnalyticsInputPreprocessingResponse> {
    /** The 6 MB Lambda response limit, less room for the JSON around the records. */
    public static final long RESPONSE_BUDGET_BYTES = 6L * 1024 * 1024 - 64 * 1024;
    /** Per record: recordId, result and the JSON punctuation around them. */
    private static final int RECORD_OVERHEAD_BYTES = 128;

    // One transform per Lambda container: handlers are called one at a time.
    private final FlattenTransform transform = new FlattenTransform();

    @Override
    public KinesisAnalyticsInputPreprocessingResponse handleRequest(KinesisFirehoseEvent event, Context context) {
        List<Record> out = new ArrayList<>(event.getRecords().size());
        long responseBytes = 0;
        for (KinesisFirehoseEvent.Record in : event.getRecords()) {
            byte[] data = bytes(in.getData());
            TransformResult result = transform.apply(data);
            byte[] output = result.kind() == TransformResult.Kind.REJECTED ? data : result.line();
            Result status = result.kind() == TransformResult.Kind.REJECTED ? Result.ProcessingFailed : Result.Ok;
            long size = base64Length(output.length) + RECORD_OVERHEAD_BYTES;
            if (responseBytes + size > RESPONSE_BUDGET_BYTES) {
                status = Result.ProcessingFailed;
                output = new byte[0];
                size = RECORD_OVERHEAD_BYTES;
            }
            responseBytes += size;
            out.add(new Record(in.getRecordId(), status, ByteBuffer.wrap(output)));
        }
        return new KinesisAnalyticsInputPreprocessingResponse(out);
    }

    private static long base64Length(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
