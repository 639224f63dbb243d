package dev.pgflink.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Record;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import dev.pgflink.core.fuzz.DmsRecordArbitraries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The Lambda classifies every input as core's transform does: {@code Ok} with core's line, or
 * {@code ProcessingFailed} with the original bytes exactly when core rejects. The job's
 * TransformFunctionFuzzTest checks the job against core on the same generators, so the two paths
 * classify every input identically (neither module may depend on the other).
 */
class FirehoseTransformHandlerFuzzTest {
    private final FirehoseTransformHandler handler = new FirehoseTransformHandler();
    private final FlattenTransform core = new FlattenTransform();

    @Provide
    Arbitrary<List<byte[]>> batches() {
        return DmsRecordArbitraries.inputs().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property
    void everyRecordOfABatchIsClassifiedAsCoreClassifiesIt(@ForAll("batches") List<byte[]> inputs) {
        KinesisFirehoseEvent event = new KinesisFirehoseEvent();
        List<KinesisFirehoseEvent.Record> records = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            KinesisFirehoseEvent.Record record = new KinesisFirehoseEvent.Record();
            record.setRecordId("r" + i);
            record.setData(ByteBuffer.wrap(inputs.get(i)));
            records.add(record);
        }
        event.setRecords(records);

        List<Record> out = handler.handleRequest(event, null).getRecords();

        assertThat(out).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            TransformResult expected = core.apply(inputs.get(i));
            Record actual = out.get(i);
            assertThat(actual.getRecordId()).isEqualTo("r" + i);
            if (expected.kind() == TransformResult.Kind.REJECTED) {
                assertThat(actual.getResult()).as("result for %s", expected).isEqualTo(Result.ProcessingFailed);
                assertThat(bytes(actual.getData())).isEqualTo(inputs.get(i));
            } else {
                assertThat(actual.getResult()).as("result for %s", expected).isEqualTo(Result.Ok);
                assertThat(bytes(actual.getData())).isEqualTo(expected.line());
            }
            Statistics.label("result").collect(expected.kind() == TransformResult.Kind.REJECTED
                    ? expected.rejection().type().label() : expected.kind().name());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
