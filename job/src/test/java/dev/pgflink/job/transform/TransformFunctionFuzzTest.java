package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import dev.pgflink.core.fuzz.DmsRecordArbitraries;
import dev.pgflink.job.source.KinesisRecord;
import java.util.List;
import java.util.Queue;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * The job's transform function routes every input as core's transform classifies it: data lines
 * to the main output, control lines to the control output (each with core's line), rejected
 * records to the errors output with core's error type and reason. The Lambda's
 * FirehoseTransformHandlerFuzzTest checks the Lambda against core on the same generators, so the
 * two paths classify every input identically (neither module may depend on the other).
 */
class TransformFunctionFuzzTest {
    private final FlattenTransform core = new FlattenTransform();
    private OneInputStreamOperatorTestHarness<KinesisRecord, FlatRecord> harness;
    private long sequence;

    @BeforeProperty
    void openTheFunction() throws Exception {
        // One function for all tries, as in a running job: nothing may carry over between records.
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new TransformFunction("before-image"));
    }

    @AfterProperty
    void closeTheFunction() throws Exception {
        harness.close();
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return DmsRecordArbitraries.inputs();
    }

    @Property
    void everyInputGoesWhereCoreClassifiesIt(@ForAll("inputs") byte[] input) throws Exception {
        String sequenceNumber = Long.toString(++sequence);
        harness.getOutput().clear();

        harness.processElement(new KinesisRecord(input, "cdc", "shardId-000000000000", sequenceNumber,
                "s.t", 1_734_355_478_600L), 0);

        TransformResult expected = core.apply(input);
        List<FlatRecord> data = harness.extractOutputValues();
        List<FlatRecord> control = values(harness.getSideOutput(TransformFunction.CONTROL));
        List<RejectedRecord> errors = values(harness.getSideOutput(TransformFunction.ERRORS));
        switch (expected.kind()) {
            case DATA:
                assertThat(data).singleElement().satisfies(flat -> assertThat(flat.line).isEqualTo(expected.line()));
                assertThat(control).isEmpty();
                assertThat(errors).isEmpty();
                break;
            case CONTROL:
                assertThat(data).isEmpty();
                assertThat(control).singleElement().satisfies(flat -> assertThat(flat.line).isEqualTo(expected.line()));
                assertThat(errors).isEmpty();
                break;
            default:
                assertThat(data).isEmpty();
                assertThat(control).isEmpty();
                assertThat(errors).singleElement().satisfies(rejected -> {
                    assertThat(rejected.errorType).isEqualTo(expected.rejection().type());
                    assertThat(rejected.reason).isEqualTo(expected.rejection().reason());
                    assertThat(rejected.record.data).isEqualTo(input);
                    assertThat(rejected.record.sequenceNumber).isEqualTo(sequenceNumber);
                });
        }
        Statistics.label("output").collect(expected.kind());
    }

    private static <T> List<T> values(Queue<StreamRecord<T>> sideOutput) {
        List<T> values = sideOutput == null ? List.of()
                : sideOutput.stream().map(StreamRecord::getValue).collect(Collectors.toList());
        if (sideOutput != null) {
            sideOutput.clear();
        }
        return values;
    }
}
