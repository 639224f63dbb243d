package dev.pgflink.capture.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.capture.Fixtures;
import dev.pgflink.capture.pgoutput.PgOutputFixtures;
import dev.pgflink.capture.pgoutput.PgOutputMessage;
import dev.pgflink.capture.render.DmsSettings.BeforeImage;
import dev.pgflink.capture.render.DmsSettings.ColumnFilter;
import dev.pgflink.capture.render.DmsSettings.PartitionKeyType;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.MessageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoded pgoutput messages in ({@code changes/*.messages.json}), DMS records out
 * ({@code changes/*.jsonl}, one record per line as {@code json-unformatted} writes it).
 */
class DmsChangeRendererTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-16T13:24:38.639188Z"), ZoneOffset.UTC);
    private static final DmsSettings UNFORMATTED = DmsSettings.defaults().withMessageFormat(MessageFormat.JSON_UNFORMATTED);
    /** The primary keys the catalog would report, by relation id. */
    private static final Map<Integer, Set<String>> PRIMARY_KEYS = Map.of(16385, Set.of("id"), 20001, Set.of("id"),
            30001, Set.of("id"), 30002, Set.of("id"), 40001, Set.of("region", "id"), 50001, Set.of("id"));

    private static List<RenderedRecord> render(String fixture, DmsSettings settings) {
        return render(fixture, settings, oid -> PRIMARY_KEYS.getOrDefault(oid, Set.of()));
    }

    private static List<RenderedRecord> render(String fixture, DmsSettings settings,
            DmsChangeRenderer.PrimaryKeyLookup primaryKeys) {
        DmsChangeRenderer renderer = new DmsChangeRenderer(settings, CLOCK, primaryKeys);
        List<RenderedRecord> records = new ArrayList<>();
        for (PgOutputMessage message : PgOutputFixtures.messages("changes/" + fixture + ".messages.json")) {
            renderer.accept(message, records::add);
        }
        return records;
    }

    static List<String> text(List<RenderedRecord> records) {
        return records.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    static JsonNode json(RenderedRecord record) {
        try {
            return DmsJson.mapper().readTree(record.data());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DmsSettings beforeImage(ColumnFilter filter) {
        return UNFORMATTED.withBeforeImage(new BeforeImage("before-image", filter));
    }

    @Test
    void anInsertIsADataRecordAsInTheDmsSample() {
        List<RenderedRecord> records = render("orders-insert", UNFORMATTED);

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("changes/orders-insert.jsonl"));
    }

    @Test
    void aChangeIsPartitionedBySchemaAndTableAndCarriesItsCommitLsn() {
        RenderedRecord record = render("orders-insert", UNFORMATTED).get(0);

        assertThat(record.partitionKey()).isEqualTo("delivery.orders");
        assertThat(record.commitLsn()).isEqualTo(0x2_7C00_7178L);
    }

    @Test
    void includeNullAndEmptyWritesNullColumnsAsNull() {
        List<RenderedRecord> records = render("orders-insert", UNFORMATTED.withNullAndEmpty(true));

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("changes/orders-insert.null-and-empty.jsonl"));
    }

    @Test
    void jsonIsPrettyPrintedAndJsonUnformattedIsOneLineOfTheSameRecord() {
        RenderedRecord pretty = render("orders-insert", DmsSettings.defaults()).get(0);
        RenderedRecord oneLine = render("orders-insert", UNFORMATTED).get(0);

        assertThat(new String(pretty.data(), StandardCharsets.UTF_8)).contains("\n");
        assertThat(new String(oneLine.data(), StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(json(pretty)).isEqualTo(json(oneLine));
    }

    @Test
    void transactionDetailsNumberTheRecordsAndLinkThePreviousTransaction() {
        List<RenderedRecord> records = render("transactions", UNFORMATTED.withTransactionDetails(true));

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("changes/transactions.details.jsonl"));
    }

    @Test
    void aTransactionWithoutRowChangesIsNoOnesPreviousTransaction() {
        JsonNode last = json(render("transactions", UNFORMATTED.withTransactionDetails(true)).get(3));

        // Transaction 701 between them committed no row change.
        assertThat(last.at("/metadata/transaction-id").asLong()).isEqualTo(702);
        assertThat(last.at("/metadata/prev-transaction-id").asLong()).isEqualTo(700);
        assertThat(last.at("/metadata/prev-transaction-record-id").asLong()).isEqualTo(3);
    }

    @Test
    void withoutTransactionDetailsARecordHasOnlyItsTransactionId() {
        JsonNode metadata = json(render("transactions", UNFORMATTED).get(3)).get("metadata");

        assertThat(metadata.get("transaction-id").asLong()).isEqualTo(702);
        assertThat(metadata.has("transaction-record-id")).isFalse();
        assertThat(metadata.has("prev-transaction-id")).isFalse();
        assertThat(metadata.has("commit-timestamp")).isFalse();
        assertThat(metadata.has("stream-position")).isFalse();
    }

    @Test
    void withoutBeforeImageSettingsNoRecordHasABeforeImage() {
        List<RenderedRecord> records = render("before-images", UNFORMATTED);

        assertThat(records).hasSize(5).allSatisfy(r -> assertThat(json(r).has("before-image")).isFalse());
    }

    @Test
    void beforeImagesFollowTheReplicaIdentity() {
        List<RenderedRecord> records = render("before-images", beforeImage(ColumnFilter.ALL));

        assertThat(text(records)).containsExactlyElementsOf(Fixtures.lines("changes/before-images.all.jsonl"));
    }

    @Test
    void anUpdateWithoutOldTupleHasAnEmptyBeforeImage() {
        // Default identity, key unchanged: PostgreSQL sends no old values.
        JsonNode update = json(render("before-images", beforeImage(ColumnFilter.ALL)).get(0));

        assertThat(update.get("before-image").toString()).isEqualTo("{}");
    }

    @Test
    void anUpdateThatChangesTheKeyHasTheOldKeyAsBeforeImage() {
        JsonNode update = json(render("before-images", beforeImage(ColumnFilter.ALL)).get(1));

        assertThat(update.get("before-image").toString()).isEqualTo("{\"id\":2}");
        assertThat(update.get("data").toString()).isEqualTo("{\"id\":20,\"status\":\"Pending\",\"note\":\"n2\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PK_ONLY | {\"id\":1}",
            "NON_LOB | {\"id\":1,\"status\":\"Pending\"}",
            "ALL     | {\"id\":1,\"status\":\"Pending\"}"})
    void replicaIdentityFullGivesTheOldRowByColumnFilterAndNeverItsLobs(ColumnFilter filter, String expected) {
        // The table's note column is text, which DMS counts as a LOB.
        JsonNode update = json(render("before-images", beforeImage(filter)).get(2));

        assertThat(update.get("before-image").toString()).isEqualTo(expected);
    }

    @Test
    void theBeforeImageGoesUnderItsConfiguredFieldName() {
        JsonNode update = json(render("before-images",
                UNFORMATTED.withBeforeImage(new BeforeImage("old-values", ColumnFilter.ALL))).get(1));

        assertThat(update.has("before-image")).isFalse();
        assertThat(update.get("old-values").toString()).isEqualTo("{\"id\":2}");
    }

    @Test
    void deletesCarryNoBeforeImage() {
        List<RenderedRecord> records = render("before-images", beforeImage(ColumnFilter.ALL));

        assertThat(records.subList(3, 5)).allSatisfy(r -> assertThat(json(r).has("before-image")).isFalse());
    }

    @Test
    void aKeyOnlyDeleteWritesOnlyTheKeyEvenWithIncludeNullAndEmpty() {
        // The key tuple's NULLs stand for columns PostgreSQL did not send, not for NULL values.
        JsonNode delete = json(render("before-images", UNFORMATTED.withNullAndEmpty(true)).get(3));

        assertThat(delete.get("data").toString()).isEqualTo("{\"id\":20}");
    }

    @Test
    void aReplicaIdentityFullDeleteWritesTheWholeOldRow() {
        JsonNode delete = json(render("before-images", UNFORMATTED).get(4));

        assertThat(delete.get("data").toString()).isEqualTo("{\"id\":1,\"status\":\"Paid\",\"note\":\"n1\"}");
    }

    @Test
    void schemaTablePartitioningNeverWritesAPartitionKeyValue() {
        RenderedRecord record = render("partition-keys",
                UNFORMATTED.withPartitionKey(PartitionKeyType.SCHEMA_TABLE, true, true)).get(0);

        assertThat(record.partitionKey()).isEqualTo("sales.orders");
        assertThat(json(record).at("/metadata/partition-key-type").asText()).isEqualTo("schema-table");
        assertThat(json(record).get("metadata").has("partition-key-value")).isFalse();
    }

    @Test
    void primaryKeyPartitioningJoinsTheKeyValuesInColumnOrder() {
        RenderedRecord record = render("partition-keys",
                UNFORMATTED.withPartitionKey(PartitionKeyType.PRIMARY_KEY, false, false)).get(0);

        assertThat(record.partitionKey()).isEqualTo("eu.7");
        assertThat(json(record).at("/metadata/partition-key-type").asText()).isEqualTo("primary-key");
        assertThat(json(record).get("metadata").has("partition-key-value")).isFalse();
    }

    @Test
    void partitionIncludeSchemaTablePrefixesTheKeyAndIncludePartitionValueWritesIt() {
        RenderedRecord record = render("partition-keys",
                UNFORMATTED.withPartitionKey(PartitionKeyType.PRIMARY_KEY, true, true)).get(0);

        assertThat(record.partitionKey()).isEqualTo("sales.orders.eu.7");
        assertThat(json(record).at("/metadata/partition-key-value").asText()).isEqualTo("sales.orders.eu.7");
    }

    @Test
    void theCatalogsPrimaryKeyWinsOverReplicaIdentityFullKeyFlags() {
        // REPLICA IDENTITY FULL flags every column as key; the primary key is id alone.
        DmsSettings settings = beforeImage(ColumnFilter.PK_ONLY)
                .withPartitionKey(PartitionKeyType.PRIMARY_KEY, false, false);

        RenderedRecord looked = render("before-images", settings).get(2);
        RenderedRecord flagged = render("before-images", settings, oid -> Set.of()).get(2);

        assertThat(looked.partitionKey()).isEqualTo("1");
        assertThat(json(looked).get("before-image").toString()).isEqualTo("{\"id\":1}");
        assertThat(flagged.partitionKey()).isEqualTo("1.Paid.n1");
    }

    @Test
    void anUnchangedToastValueIsLeftOutEvenWithIncludeNullAndEmpty() {
        JsonNode update = json(render("toast-and-others", UNFORMATTED.withNullAndEmpty(true)).get(0));

        assertThat(update.get("data").toString()).isEqualTo("{\"id\":1,\"title\":\"New title\"}");
    }

    @Test
    void truncatesTypesOriginsAndLogicalMessagesRenderNothing() {
        assertThat(render("toast-and-others", UNFORMATTED)).hasSize(1);
    }

    @Test
    void aChangeBeforeItsRelationIsAnError() {
        List<PgOutputMessage> messages = PgOutputFixtures.messages("changes/orders-insert.messages.json");
        DmsChangeRenderer renderer = new DmsChangeRenderer(UNFORMATTED, CLOCK, oid -> Set.of());
        renderer.accept(messages.get(0), r -> { });

        assertThatThrownBy(() -> renderer.accept(messages.get(2), r -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relation 16385 before its Relation message");
    }
}
