package dev.pgflink.capture.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.Operation;
import java.time.Clock;

/**
 * Turns the full load's rows into DMS records with operation {@code load}: no transaction id,
 * partitioned by primary key as DMS does during full load, values rendered as in changes.
 * Thread-safe.
 */
public final class DmsLoadRenderer {
    private final DmsSettings settings;
    private final PgValueRenderer values;
    private final DmsRecordWriter writer;
    private final Clock clock;

    public DmsLoadRenderer(DmsSettings settings, Clock clock) {
        this.settings = settings;
        this.values = new PgValueRenderer(settings.noHexPrefix());
        this.writer = new DmsRecordWriter(settings.messageFormat());
        this.clock = clock;
    }

    /** The row's record; its commit LSN is 0, as it comes from the snapshot, not from a transaction. */
    public RenderedRecord render(TableRow row) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        StringBuilder key = new StringBuilder(row.schema()).append('.').append(row.table());
        for (int i = 0; i < row.columns().size(); i++) {
            Column column = row.columns().get(i);
            String value = row.values().get(i);
            if (value != null) {
                data.set(column.name(), values.render(column.typeOid(), column.typeModifier(), value));
            } else if (settings.includeNullAndEmpty()) {
                data.putNull(column.name());
            }
            if (column.key()) {
                key.append('.').append(value == null ? "" : value);
            }
        }
        DmsMetadata.Builder metadata = DmsMetadata.builder()
                .timestamp(clock.instant())
                .operation(Operation.LOAD)
                .partitionKeyType("primary-key")
                .schemaName(row.schema())
                .tableName(row.table());
        String partitionKey = key.toString();
        if (settings.includePartitionValue()) {
            metadata.partitionKeyValue(partitionKey);
        }
        return new RenderedRecord(writer.write(DmsRecord.data(metadata.build(), data, null)), partitionKey, 0);
    }
}
