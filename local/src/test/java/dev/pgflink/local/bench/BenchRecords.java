package dev.pgflink.local.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;

/** The DMS inserts the job benches feed: rows shaped like the sample orders, ten per millisecond of event time. */
final class BenchRecords {
    static final long T0 = 1_734_355_440_000L; // 2024-12-16T13:24:00Z, a window start

    private final DmsRecordWriter writer = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED);

    /** Insert number {@code id} into delivery.orders, as DMS writes it. */
    byte[] insert(int id) {
        DmsMetadata metadata = DmsMetadata.builder().timestampMicros((T0 + id / 10) * 1000)
                .operation(Operation.INSERT).partitionKeyType("schema-table").schemaName("delivery")
                .tableName("orders").transactionId(1_000_000L + id / 9).build();
        return writer.write(DmsRecord.data(metadata, JsonNodeFactory.instance.objectNode()
                .put("id", id).put("order_number", Integer.toString(2_150_000 + id))
                .put("customer_name", "Customer " + id).put("status", "Pending").put("total_amount", 27.3)
                .put("payment_status", "Paid").put("delivery_address", "258 Willow St, Springfield")
                .put("created_at", "2024-12-16T10:24:15.889986Z").put("restaurant_id", 1), null));
    }

    /** The partition key the benches give insert {@code id}: one of 64 row-key buckets of the table. */
    static String partitionKey(long id) {
        return "delivery.orders." + id % 64;
    }
}
