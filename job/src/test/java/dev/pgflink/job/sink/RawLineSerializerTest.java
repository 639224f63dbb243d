package dev.pgflink.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract for the raw writer's lines. */
class RawLineSerializerTest extends SerializerTestBase<RawLine> {

    RawLineSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof RawLine && b instanceof RawLine,
                (a, b, checker) -> ((RawLine) a).approximateArrivalMillis == ((RawLine) b).approximateArrivalMillis
                        && Arrays.equals(((RawLine) a).line, ((RawLine) b).line)));
    }

    @Override
    protected TypeSerializer<RawLine> createSerializer() {
        return RawLineSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RawLine> getTypeClass() {
        return RawLine.class;
    }

    @Override
    protected RawLine[] getTestData() {
        return new RawLine[] {
            new RawLine(),
            new RawLine(1_734_355_440_123L, "{\"data\":\"eyJ9\"}\n".getBytes(StandardCharsets.UTF_8)),
            new RawLine(-1L, new byte[0]),
            new RawLine(Long.MAX_VALUE, new byte[300_000]),
        };
    }

    @Test
    void theRawStreamUsesIt() {
        assertThat(TypeInformation.of(RawLine.class).createSerializer(new ExecutionConfig()))
                .isInstanceOf(RawLineSerializer.class);
    }
}
