package dev.pgflink.capture.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.capture.ddl.TableShape.ColumnShape;
import dev.pgflink.core.dms.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlDiffTest {
    private static final ColumnShape ID = new ColumnShape("id", "integer", 23, -1, false);
    private static final ColumnShape STATUS = new ColumnShape("status", "character varying(20)", 1043, 24, true);
    private static final ColumnShape TIP = new ColumnShape("tip", "numeric(10,2)", 1700, 655366, true);

    private static TableShape shape(String tag, String table, ColumnShape... columns) {
        return new TableShape(tag, 42, "delivery", table, List.of(columns), List.of("id"));
    }

    @Test
    void tellsWhatAnAlterChanged() {
        TableShape before = shape("ALTER TABLE", "orders", ID, STATUS);

        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders", ID, STATUS, TIP)))
                .containsExactly(Operation.ADD_COLUMN);
        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders", ID)))
                .containsExactly(Operation.DROP_COLUMN);
        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders", ID,
                new ColumnShape("state", "character varying(20)", 1043, 24, true))))
                .containsExactly(Operation.RENAME_COLUMN);
        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders", ID,
                new ColumnShape("status", "text", 25, -1, true))))
                .containsExactly(Operation.COLUMN_TYPE_CHANGE);
        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders_v2", ID, STATUS)))
                .containsExactly(Operation.RENAME_TABLE);
        assertThat(DdlDiff.operations(before, shape("ALTER TABLE", "orders", ID, STATUS))).isEmpty();
    }

    @Test
    void createDropAndUnknownTables() {
        assertThat(DdlDiff.operations(null, shape("CREATE TABLE", "orders", ID))).containsExactly(Operation.CREATE_TABLE);
        assertThat(DdlDiff.operations(shape("ALTER TABLE", "orders", ID), shape("DROP TABLE", "orders")))
                .containsExactly(Operation.DROP_TABLE);
        assertThat(DdlDiff.operations(null, shape("ALTER TABLE", "orders", ID))).containsExactly(Operation.CHANGE_COLUMNS);
    }

    @Test
    void readsTheEventTriggersJson() {
        TableShape shape = TableShape.parse(("{\"oid\": 42, \"tag\": \"ALTER TABLE\", \"schema\": \"delivery\", "
                + "\"table\": \"orders\", \"columns\": [{\"name\": \"id\", \"type\": \"integer\", \"type_oid\": 23, "
                + "\"typmod\": -1, \"nullable\": false}], \"primary_key\": [\"id\"]}").getBytes());

        assertThat(shape).isEqualTo(new TableShape("ALTER TABLE", 42, "delivery", "orders", List.of(ID), List.of("id")));
    }
}
