package dev.pgflink.local.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** DMS records for the job tests, and putting them on a stream. */
public final class JobRecords {
    private static final long T0 = 1_734_355_440_000L;

    private JobRecords() {
    }

    /** {@code count} inserts into delivery.orders, ids 0.., event times 1 ms apart from 2024-12-16T13:24Z. */
    public static List<byte[]> inserts(int count) {
        return inserts(count, id -> T0 + id);
    }

    /** {@code count} inserts into delivery.orders, ids 0.., each committed at the epoch milliseconds given for its id. */
    public static List<byte[]> inserts(int count, LongUnaryOperator commitMillisOfId) {
        DmsRecordWriter writer = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED);
        List<byte[]> records = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            DmsMetadata metadata = DmsMetadata.builder().timestampMicros(commitMillisOfId.applyAsLong(id) * 1000)
                    .operation(Operation.INSERT)
                    .partitionKeyType("schema-table").schemaName("delivery").tableName("orders")
                    .transactionId(1_000_000L + id).build();
            records.add(writer.write(DmsRecord.data(metadata, JsonNodeFactory.instance.objectNode().put("id", id)
                    .put("customer_name", "Customer " + id).put("total_amount", 10 + id % 90), null)));
        }
        return records;
    }

    public static void put(KinesisClient client, String stream, List<byte[]> records, Function<Integer, String> partitionKey) {
        for (int from = 0; from < records.size(); from += 500) {
            int start = from;
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(records.size(), start + 500); i++) {
                batch.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(records.get(i)))
                        .partitionKey(partitionKey.apply(i)).build());
            }
            assertThat(client.putRecords(r -> r.streamName(stream).records(batch)).failedRecordCount()).isZero();
        }
    }
}
