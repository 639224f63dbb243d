package dev.pgflink.capture.ddl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.ddl.TableShape.ColumnShape;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Begin;
import dev.pgflink.capture.pgoutput.PgOutputMessage.LogicalMessage;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.capture.render.RenderedRecord;
import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.Operation;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the DDL messages of the event trigger into DMS control records (with
 * IncludeTableAlterOperations), in commit order with the data changes around them. Keeps each
 * table's last known shape to tell what a command changed. Not thread-safe.
 */
public final class DdlRenderer {
    /** The prefix of the logical messages {@code ddl-capture.sql} emits. */
    public static final String MESSAGE_PREFIX = "pgflink_ddl";

    private final DmsSettings settings;
    private final TableSelection tables;
    private final String taskId;
    private final DmsRecordWriter writer;
    private final Clock clock;
    private final Map<Long, TableShape> shapes = new HashMap<>();
    private long xid;
    private long commitLsn;

    public DdlRenderer(DmsSettings settings, TableSelection tables, String taskId, Clock clock) {
        this.settings = settings;
        this.tables = tables;
        this.taskId = taskId;
        this.writer = new DmsRecordWriter(settings.messageFormat());
        this.clock = clock;
    }

    /** Remembers a table's shape as the capture found it at start. */
    public void know(TableShape shape) {
        shapes.put(shape.oid(), shape);
    }

    /** Takes one message; DDL of a selected table is handed to {@code out} as DMS control records. */
    public void accept(PgOutputMessage message, Consumer<RenderedRecord> out) {
        switch (message.kind()) {
            case BEGIN -> {
                Begin begin = (Begin) message;
                xid = begin.xid();
                commitLsn = begin.finalLsn();
            }
            case LOGICAL_MESSAGE -> {
                LogicalMessage logical = (LogicalMessage) message;
                if (MESSAGE_PREFIX.equals(logical.prefix())) {
                    ddl(TableShape.parse(logical.content()), out);
                }
            }
            default -> {
                // Row changes are DmsChangeRenderer's; the rest carries no DDL.
            }
        }
    }

    private void ddl(TableShape after, Consumer<RenderedRecord> out) {
        TableShape before = shapes.get(after.oid());
        List<Operation> operations = DdlDiff.operations(before, after);
        if (after.tag().equals("DROP TABLE")) {
            shapes.remove(after.oid());
        } else {
            shapes.put(after.oid(), after);
        }
        // A table renamed out of the selection still says so.
        boolean selected = tables.selects(after.schema(), after.table())
                || before != null && tables.selects(before.schema(), before.table());
        if (settings.includeTableAlterOperations() && selected) {
            for (Operation operation : operations) {
                out.accept(control(operation, after));
            }
        }
    }

    private RenderedRecord control(Operation operation, TableShape shape) {
        DmsMetadata metadata = DmsMetadata.builder()
                .timestamp(clock.instant())
                .operation(operation)
                .partitionKeyType("task-id")
                .schemaName(shape.schema())
                .tableName(shape.table())
                .transactionId(xid)
                .build();
        ObjectNode details = settings.includeControlDetails() && !shape.columns().isEmpty() ? tableDefinition(shape) : null;
        String partitionKey = taskId + "." + shape.schema() + "." + shape.table();
        return new RenderedRecord(writer.write(DmsRecord.control(metadata, details)), partitionKey, commitLsn);
    }

    /** IncludeControlDetails: the table definition with DMS data types (inferred from DMS's type mapping). */
    private static ObjectNode tableDefinition(TableShape shape) {
        ObjectNode columns = JsonNodeFactory.instance.objectNode();
        for (ColumnShape column : shape.columns()) {
            ObjectNode def = columns.putObject(column.name());
            def.put("type", dmsType(column.typeOid()));
            if (column.typeOid() == 1700 && column.typeModifier() >= 4) {
                def.put("precision", ((column.typeModifier() - 4) >> 16) & 0xFFFF);
                def.put("scale", (column.typeModifier() - 4) & 0xFFFF);
            } else if ((column.typeOid() == 1043 || column.typeOid() == 1042) && column.typeModifier() >= 4) {
                def.put("length", column.typeModifier() - 4);
            }
            def.put("nullable", column.nullable());
        }
        ObjectNode tableDef = JsonNodeFactory.instance.objectNode();
        tableDef.putObject("table-def").set("columns", columns);
        ((ObjectNode) tableDef.get("table-def")).putArray("primary-key").addAll(
                shape.primaryKey().stream().map(JsonNodeFactory.instance::textNode).toList());
        return tableDef;
    }

    private static String dmsType(int typeOid) {
        return switch (typeOid) {
            case 16 -> "BOOLEAN";
            case 17 -> "BLOB";
            case 20 -> "INT64";
            case 21 -> "INT16";
            case 23 -> "INT32";
            case 25 -> "CLOB";
            case 700 -> "REAL4";
            case 701 -> "REAL8";
            case 1082 -> "DATE";
            case 1083 -> "TIME";
            case 1114, 1184 -> "DATETIME";
            case 1700 -> "NUMERIC";
            default -> "STRING";
        };
    }
}
