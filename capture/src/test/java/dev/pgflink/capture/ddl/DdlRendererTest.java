package dev.pgflink.capture.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.capture.Fixtures;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.pgoutput.PgOutputFixtures;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.capture.render.RenderedRecord;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.MessageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The event trigger's DDL messages in ({@code ddl/*.messages.json}), DMS control records out
 * ({@code ddl/*.jsonl}). The capture knows {@code ddl_test.orders} (id, status) from the start.
 */
class DdlRendererTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-16T13:24:38.639188Z"), ZoneOffset.UTC);
    private static final DmsSettings UNFORMATTED = DmsSettings.defaults().withMessageFormat(MessageFormat.JSON_UNFORMATTED);
    private static final DmsSettings ALTER_OPERATIONS = UNFORMATTED.withTableAlterOperations(true, false);
    private static final TableSelection DDL_TEST = new TableSelection(List.of("ddl_test.%"), List.of());

    private static List<RenderedRecord> render(String fixture, DmsSettings settings, TableSelection tables) {
        DdlRenderer renderer = new DdlRenderer(settings, tables, "pgflink", CLOCK);
        renderer.know(knownOrders());
        List<RenderedRecord> records = new ArrayList<>();
        for (PgOutputMessage message : PgOutputFixtures.messages("ddl/" + fixture + ".messages.json")) {
            renderer.accept(message, records::add);
        }
        return records;
    }

    private static TableShape knownOrders() {
        try {
            return TableShape.parse(DmsJson.mapper().writeValueAsBytes(Fixtures.json("ddl/orders-shape.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> text(List<RenderedRecord> records) {
        return records.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    private static List<String> operations(List<RenderedRecord> records) {
        return records.stream().map(r -> json(r).at("/metadata/operation").asText()).collect(Collectors.toList());
    }

    private static JsonNode json(RenderedRecord record) {
        try {
            return DmsJson.mapper().readTree(record.data());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void addedRenamedRetypedAndDroppedColumnsBecomeTheirControlRecords() {
        List<RenderedRecord> records = render("orders-ddl", ALTER_OPERATIONS, DDL_TEST);

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("ddl/orders-ddl.jsonl"));
        assertThat(operations(records)).containsExactly("add-column", "rename-column", "column-type-change",
                "drop-column", "rename-table", "create-table", "drop-table");
    }

    @Test
    void aControlRecordIsPartitionedByTaskAndTableAndCarriesItsTransaction() {
        RenderedRecord addColumn = render("orders-ddl", ALTER_OPERATIONS, DDL_TEST).get(0);

        assertThat(addColumn.partitionKey()).isEqualTo("pgflink.ddl_test.orders");
        assertThat(addColumn.commitLsn()).isEqualTo(0x5E00_0100L);
        assertThat(json(addColumn).at("/metadata/partition-key-type").asText()).isEqualTo("task-id");
        assertThat(json(addColumn).at("/metadata/transaction-id").asLong()).isEqualTo(1000);
    }

    @Test
    void controlDetailsDescribeTheTableWithDmsTypes() {
        List<RenderedRecord> records = render("orders-ddl", UNFORMATTED.withTableAlterOperations(true, true), DDL_TEST);

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("ddl/orders-ddl.control-details.jsonl"));
        JsonNode tableDef = json(records.get(0)).at("/control/table-def");
        assertThat(tableDef.at("/columns/id").toString()).isEqualTo("{\"type\":\"INT32\",\"nullable\":false}");
        assertThat(tableDef.at("/columns/status").toString())
                .isEqualTo("{\"type\":\"STRING\",\"length\":20,\"nullable\":true}");
        assertThat(tableDef.at("/columns/tip").toString())
                .isEqualTo("{\"type\":\"NUMERIC\",\"precision\":10,\"scale\":2,\"nullable\":true}");
        assertThat(tableDef.get("primary-key").toString()).isEqualTo("[\"id\"]");
    }

    @Test
    void aDroppedTableHasNoControlDetails() {
        List<RenderedRecord> records = render("orders-ddl", UNFORMATTED.withTableAlterOperations(true, true), DDL_TEST);

        assertThat(json(records.get(6)).has("control")).isFalse();
    }

    @Test
    void withoutIncludeTableAlterOperationsNoControlRecordIsSent() {
        assertThat(render("orders-ddl", UNFORMATTED, DDL_TEST)).isEmpty();
    }

    @Test
    void ddlOfATableOutsideTheSelectionIsNotSent() {
        TableSelection others = new TableSelection(List.of("other.%"), List.of());

        assertThat(render("orders-ddl", ALTER_OPERATIONS, others)).isEmpty();
    }

    @Test
    void aTableRenamedOutOfTheSelectionSaysSoAndThenFallsSilent() {
        TableSelection ordersOnly = new TableSelection(List.of("ddl_test.orders"), List.of());

        List<RenderedRecord> records = render("rename-out-of-selection", ALTER_OPERATIONS, ordersOnly);

        assertThat(operations(records)).containsExactly("rename-table");
        assertThat(json(records.get(0)).at("/metadata/table-name").asText()).isEqualTo("orders_old");
    }

    @Test
    void anAlterOfATableNotKnownAtStartIsChangeColumnsThenKnown() {
        List<RenderedRecord> records = render("unknown-and-dropped", ALTER_OPERATIONS, DDL_TEST);

        assertThat(operations(records).subList(0, 2)).containsExactly("change-columns", "add-column");
    }

    @Test
    void aDroppedTableIsForgotten() {
        List<RenderedRecord> records = render("unknown-and-dropped", ALTER_OPERATIONS, DDL_TEST);

        assertThat(operations(records).subList(2, 4)).containsExactly("drop-table", "change-columns");
    }

    @Test
    void logicalMessagesWithAnotherPrefixAreNotDdl() {
        // The fixture ends with an 'another_app' message shaped like DDL.
        assertThat(render("unknown-and-dropped", ALTER_OPERATIONS, DDL_TEST)).hasSize(4);
    }
}
