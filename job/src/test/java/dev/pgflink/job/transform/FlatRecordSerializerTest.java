package dev.pgflink.job.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract (copy, duplicate, snapshot, round trips at buffer edges) for flat records. */
class FlatRecordSerializerTest extends SerializerTestBase<FlatRecord> {

    FlatRecordSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof FlatRecord && b instanceof FlatRecord,
                (a, b, checker) -> same((FlatRecord) a, (FlatRecord) b)));
    }

    @Override
    protected TypeSerializer<FlatRecord> createSerializer() {
        return FlatRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<FlatRecord> getTypeClass() {
        return FlatRecord.class;
    }

    @Override
    protected FlatRecord[] getTestData() {
        FlatRecord empty = new FlatRecord();
        FlatRecord withoutPositions = record("public", "orders", "insert", "{\"id\":1}\n");
        withoutPositions.shardId = null;
        withoutPositions.sequenceNumber = null;
        withoutPositions.partitionKey = null;
        FlatRecord unicode = record("sché", "tâble\u00e9", "update", "{\"name\":\"\u00e9\u00e8 \uD83D\uDE00\"}\n");
        FlatRecord large = record("public", "blobs", "load", "x".repeat(200_000) + "\n");
        return new FlatRecord[] {empty, withoutPositions, unicode, large, record("", "", "delete", "\n")};
    }

    @Test
    void everyStreamOfFlatRecordsUsesIt() {
        assertThat(TypeInformation.of(FlatRecord.class).createSerializer(new ExecutionConfig()))
                .isInstanceOf(FlatRecordSerializer.class);
    }

    @Test
    void aCopyHasItsOwnLine() {
        FlatRecord original = record("public", "orders", "insert", "{\"id\":1}\n");
        FlatRecord copy = FlatRecordSerializer.INSTANCE.copy(original);
        assertThat(copy.line).isEqualTo(original.line).isNotSameAs(original.line);
    }

    private static FlatRecord record(String schema, String table, String operation, String line) {
        FlatRecord record = new FlatRecord();
        record.schema = schema;
        record.table = table;
        record.operation = operation;
        record.eventTimeMillis = 1_734_355_440_123L;
        record.windowStartMillis = 1_734_355_440_000L;
        record.line = line.getBytes(StandardCharsets.UTF_8);
        record.shardId = "shardId-000000000003";
        record.sequenceNumber = "49590338271490256608559692538361571095921575989136588898";
        record.partitionKey = "public.orders.42";
        return record;
    }

    private static boolean same(FlatRecord a, FlatRecord b) {
        return Objects.equals(a.schema, b.schema) && Objects.equals(a.table, b.table)
                && Objects.equals(a.operation, b.operation) && a.eventTimeMillis == b.eventTimeMillis
                && a.windowStartMillis == b.windowStartMillis && Arrays.equals(a.line, b.line)
                && Objects.equals(a.shardId, b.shardId) && Objects.equals(a.sequenceNumber, b.sequenceNumber)
                && Objects.equals(a.partitionKey, b.partitionKey);
    }
}
