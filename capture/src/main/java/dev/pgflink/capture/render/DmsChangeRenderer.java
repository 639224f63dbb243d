package dev.pgflink.capture.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Begin;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Delete;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Insert;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Relation;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Update;
import dev.pgflink.capture.pgoutput.Tuple;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.DmsTimestamps;
import dev.pgflink.core.dms.Operation;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns decoded pgoutput messages into DMS records, one per row change, in commit order, through
 * the core {@link DmsRecordWriter}. Keeps the relation cache and the transaction context
 * (xid, commit time, record position, previous transaction). Not thread-safe.
 */
public final class DmsChangeRenderer {
    /** PostgreSQL types DMS treats as LOBs, which never appear in a before-image. */
    private static final Set<Integer> LOB_TYPES = Set.of(17, 25, 114, 142, 3802);
    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final DmsSettings settings;
    private final PgValueRenderer values;
    private final DmsRecordWriter writer;
    private final Clock clock;
    private final PrimaryKeyLookup primaryKeys;
    private final Map<Integer, Relation> relations = new HashMap<>();
    private final Map<Integer, Set<String>> keyColumns = new HashMap<>();

    private long xid = -1;
    private long commitLsn;
    private String commitTimestamp;
    private long commitTimeMicros;
    private long recordInTransaction;
    private Long previousXid;
    private Long previousLastRecord;

    /**
     * The primary key columns of a table. pgoutput flags the replica identity's columns as key,
     * and with REPLICA IDENTITY FULL that is every column, so the primary key is looked up.
     */
    @FunctionalInterface
    public interface PrimaryKeyLookup {
        Set<String> primaryKey(int relationOid);
    }

    public DmsChangeRenderer(DmsSettings settings, Clock clock, PrimaryKeyLookup primaryKeys) {
        this.settings = settings;
        this.primaryKeys = primaryKeys;
        this.values = new PgValueRenderer(settings.noHexPrefix());
        String beforeImageField = settings.beforeImage() == null ? "before-image" : settings.beforeImage().fieldName();
        this.writer = new DmsRecordWriter(settings.messageFormat(), beforeImageField);
        this.clock = clock;
    }

    /** Takes one message; row changes are handed to {@code out} as DMS records. */
    public void accept(PgOutputMessage message, Consumer<RenderedRecord> out) {
        switch (message.kind()) {
            case BEGIN -> begin((Begin) message);
            case COMMIT -> commit();
            case RELATION -> remember((Relation) message);
            case INSERT -> {
                Insert insert = (Insert) message;
                Relation relation = relation(insert.relationId());
                out.accept(record(relation, Operation.INSERT, row(relation, insert.newTuple(), false), null,
                        insert.newTuple()));
            }
            case UPDATE -> {
                Update update = (Update) message;
                Relation relation = relation(update.relationId());
                ObjectNode before = settings.beforeImage() == null ? null : beforeImage(relation, update);
                out.accept(record(relation, Operation.UPDATE, row(relation, update.newTuple(), false), before,
                        update.newTuple()));
            }
            case DELETE -> {
                Delete delete = (Delete) message;
                Relation relation = relation(delete.relationId());
                // With the default replica identity only the key columns are sent; they are the row.
                out.accept(record(relation, Operation.DELETE, row(relation, delete.oldTuple(), true), null,
                        delete.oldTuple()));
            }
            default -> {
                // TYPE, TRUNCATE, LOGICAL_MESSAGE, ORIGIN: no row change to render.
            }
        }
    }

    private void begin(Begin begin) {
        xid = begin.xid();
        commitLsn = begin.finalLsn();
        commitTimeMicros = begin.commitTimeMicros() + POSTGRES_EPOCH_MICROS;
        commitTimestamp = DmsTimestamps.formatMicros(commitTimeMicros);
        recordInTransaction = 0;
    }

    /** A transaction without row changes (DDL only, say) is no later record's previous transaction. */
    private void commit() {
        if (recordInTransaction > 0) {
            previousXid = xid;
            previousLastRecord = recordInTransaction;
        }
    }

    private void remember(Relation relation) {
        relations.put(relation.id(), relation);
        Set<String> primaryKey = primaryKeys.primaryKey(relation.id());
        keyColumns.put(relation.id(), primaryKey.isEmpty() ? relation.columns().stream()
                .filter(Column::key).map(Column::name).collect(Collectors.toSet()) : primaryKey);
    }

    private Relation relation(int id) {
        Relation relation = relations.get(id);
        if (relation == null) {
            throw new IllegalStateException("a change refers to relation " + id + " before its Relation message");
        }
        return relation;
    }

    private RenderedRecord record(Relation relation, Operation operation, ObjectNode data, ObjectNode before,
            Tuple keySource) {
        recordInTransaction++;
        String partitionKey = partitionKey(relation, keySource);
        DmsMetadata.Builder metadata = DmsMetadata.builder()
                .timestamp(clock.instant())
                .operation(operation)
                .partitionKeyType(settings.partitionKeyType().wireName())
                .schemaName(relation.schema())
                .tableName(relation.table())
                .transactionId(xid);
        if (settings.includePartitionValue() && settings.partitionKeyType() != DmsSettings.PartitionKeyType.SCHEMA_TABLE) {
            metadata.partitionKeyValue(partitionKey);
        }
        if (settings.includeTransactionDetails()) {
            metadata.transactionRecordId(recordInTransaction)
                    .prevTransactionId(previousXid)
                    .prevTransactionRecordId(previousLastRecord)
                    .commitTimestamp(commitTimestamp, commitTimeMicros)
                    .streamPosition(lsn(commitLsn) + "." + recordInTransaction + "." + lsn(commitLsn));
        }
        byte[] json = writer.write(DmsRecord.data(metadata.build(), data, before));
        return new RenderedRecord(json, partitionKey, commitLsn);
    }

    /** The row's columns as DMS writes them; key columns only when the tuple is a key. */
    private ObjectNode row(Relation relation, Tuple tuple, boolean keyOnlyAllowed) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        List<Column> columns = relation.columns();
        for (int i = 0; i < tuple.size(); i++) {
            Column column = columns.get(i);
            switch (tuple.kind(i)) {
                case Tuple.TEXT -> row.set(column.name(), values.render(column.typeOid(), column.typeModifier(), tuple.text(i)));
                case Tuple.NULL -> {
                    // A key tuple sends NULL for every non-key column: those are absent, not NULL.
                    boolean absent = keyOnlyAllowed && !column.key();
                    if (settings.includeNullAndEmpty() && !absent) {
                        row.putNull(column.name());
                    }
                }
                default -> {
                    // Unchanged TOAST value: PostgreSQL did not send it, so it cannot be written.
                }
            }
        }
        return row;
    }

    /**
     * The before-image DMS adds to an update: what the replica identity made available (the old
     * key when it changed, the whole old row with REPLICA IDENTITY FULL), filtered by
     * ColumnFilter; LOB columns never. Empty when PostgreSQL sent no old values.
     */
    private ObjectNode beforeImage(Relation relation, Update update) {
        ObjectNode before = JsonNodeFactory.instance.objectNode();
        Tuple old = update.oldTuple();
        if (old == null) {
            return before;
        }
        DmsSettings.ColumnFilter filter = settings.beforeImage().columnFilter();
        Set<String> primaryKey = keyColumns.get(relation.id());
        List<Column> columns = relation.columns();
        for (int i = 0; i < old.size(); i++) {
            Column column = columns.get(i);
            boolean wanted = filter == DmsSettings.ColumnFilter.PK_ONLY ? primaryKey.contains(column.name())
                    : !LOB_TYPES.contains(column.typeOid());
            if (wanted && old.kind(i) == Tuple.TEXT) {
                before.set(column.name(), values.render(column.typeOid(), column.typeModifier(), old.text(i)));
            } else if (wanted && old.kind(i) == Tuple.NULL && (column.key() || update.oldKind() == 'O')
                    && settings.includeNullAndEmpty()) {
                before.putNull(column.name());
            }
        }
        return before;
    }

    private String partitionKey(Relation relation, Tuple tuple) {
        String schemaTable = relation.schema() + "." + relation.table();
        if (settings.partitionKeyType() == DmsSettings.PartitionKeyType.SCHEMA_TABLE) {
            return schemaTable;
        }
        StringBuilder key = new StringBuilder(settings.partitionIncludeSchemaTable() ? schemaTable : "");
        Set<String> primaryKey = keyColumns.get(relation.id());
        List<Column> columns = relation.columns();
        for (int i = 0; i < tuple.size(); i++) {
            if (primaryKey.contains(columns.get(i).name())) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(tuple.kind(i) == Tuple.TEXT ? tuple.text(i) : "");
            }
        }
        return key.length() == 0 ? schemaTable : key.toString();
    }

    /** An LSN as PostgreSQL and DMS print it, zero-padded: {@code 00000002/7C007178}. */
    static String lsn(long lsn) {
        return String.format("%08X/%08X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }
}
