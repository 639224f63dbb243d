package dev.pgflink.capture.render;

import static dev.pgflink.capture.render.DmsChangeRendererTest.CLOCK;
import static dev.pgflink.capture.render.DmsChangeRendererTest.json;
import static dev.pgflink.capture.render.DmsChangeRendererTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.capture.Fixtures;
import dev.pgflink.capture.pgoutput.PgOutputFixtures;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.render.DmsSettings.PartitionKeyType;
import dev.pgflink.core.dms.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The full load's rendering alone: rows as the JDBC reader hands them over
 * ({@code load/*.rows.json}: a table's columns, primary key and rows of PostgreSQL text) in, DMS
 * {@code load} records out ({@code load/*.jsonl}).
 */
class DmsLoadRendererTest {
    private static final DmsSettings UNFORMATTED = DmsSettings.defaults().withMessageFormat(MessageFormat.JSON_UNFORMATTED);

    private static List<TableRow> rows(String fixture) {
        JsonNode table = Fixtures.json("load/" + fixture + ".rows.json");
        List<PgOutputMessage.Column> columns = PgOutputFixtures.columns(table.path("columns"));
        List<TableRow> rows = new ArrayList<>();
        for (JsonNode row : table.path("rows")) {
            List<String> values = new ArrayList<>();
            row.forEach(value -> values.add(value.isNull() ? null : value.asText()));
            rows.add(new TableRow(table.path("schema").asText(), table.path("table").asText(), columns, values));
        }
        return rows;
    }

    private static List<RenderedRecord> render(String fixture, DmsSettings settings) {
        DmsLoadRenderer renderer = new DmsLoadRenderer(settings, CLOCK);
        return rows(fixture).stream().map(renderer::render).collect(Collectors.toList());
    }

    @Test
    void aLoadedRowIsALoadRecordWithoutTransaction() {
        List<RenderedRecord> records = render("orders", UNFORMATTED);

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("load/orders.jsonl"));
        assertThat(records).allSatisfy(r -> {
            assertThat(json(r).at("/metadata/operation").asText()).isEqualTo("load");
            assertThat(json(r).get("metadata").has("transaction-id")).isFalse();
            assertThat(r.commitLsn()).isZero();
        });
    }

    @Test
    void loadRecordsArePartitionedByTableAndPrimaryKeyWhateverTheCdcSetting() {
        // As DMS: full load partitions by primary key even where CDC uses schema-table.
        RenderedRecord record = render("orders", UNFORMATTED.withPartitionKey(PartitionKeyType.SCHEMA_TABLE, false, false))
                .get(0);

        assertThat(record.partitionKey()).isEqualTo("delivery.orders.35");
        assertThat(json(record).at("/metadata/partition-key-type").asText()).isEqualTo("primary-key");
    }

    @Test
    void aCompositeKeyJoinsItsValuesInColumnOrder() {
        assertThat(render("composite-key", UNFORMATTED).get(0).partitionKey()).isEqualTo("sales.orders.eu.7");
    }

    @Test
    void aTableWithoutPrimaryKeyIsPartitionedBySchemaAndTable() {
        assertThat(render("no-key", UNFORMATTED).get(0).partitionKey()).isEqualTo("audit.events");
    }

    @Test
    void includePartitionValueWritesTheKeyIntoLoadRecords() {
        RenderedRecord record = render("orders", UNFORMATTED.withPartitionKey(PartitionKeyType.SCHEMA_TABLE, true, false))
                .get(0);

        assertThat(json(record).at("/metadata/partition-key-value").asText()).isEqualTo("delivery.orders.35");
    }

    @Test
    void nullsInLoadedRowsFollowIncludeNullAndEmpty() {
        JsonNode without = json(render("orders", UNFORMATTED).get(1)).get("data");
        JsonNode with = json(render("orders", UNFORMATTED.withNullAndEmpty(true)).get(1)).get("data");

        assertThat(without.has("delivery_notes")).isFalse();
        assertThat(without.has("estimated_delivery_time")).isFalse();
        assertThat(with.get("delivery_notes").isNull()).isTrue();
        assertThat(with.get("estimated_delivery_time").isNull()).isTrue();
    }

    @Test
    void loadedValuesAreRenderedAsInChanges() {
        JsonNode data = json(render("composite-key", UNFORMATTED.withNoHexPrefix(true)).get(0)).get("data");

        assertThat(data.toString())
                .isEqualTo("{\"region\":\"eu\",\"id\":7,\"amount\":12.5,\"paid\":\"true\",\"receipt\":\"48656C6C6F\"}");
        assertThat(json(render("no-key", UNFORMATTED).get(0)).at("/data/at").asText())
                .isEqualTo("2024-12-16T12:24:15.500000Z");
    }

    @Test
    void aLoadedRowAndTheSameRowInsertedHaveTheSameData() {
        RenderedRecord loaded = render("orders", UNFORMATTED).get(0);
        DmsChangeRenderer changes = new DmsChangeRenderer(UNFORMATTED, CLOCK, oid -> Set.of("id"));
        List<RenderedRecord> inserted = new ArrayList<>();
        PgOutputFixtures.messages("changes/orders-insert.messages.json").forEach(m -> changes.accept(m, inserted::add));

        assertThat(json(loaded).get("data")).isEqualTo(json(inserted.get(0)).get("data"));
    }

    @Test
    void aRowWithMoreOrFewerValuesThanColumnsIsRejected() {
        TableRow row = rows("no-key").get(0);

        assertThatThrownBy(() -> new TableRow("audit", "events", row.columns(), List.of("login")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audit.events: 1 values for 2 columns");
    }
}
