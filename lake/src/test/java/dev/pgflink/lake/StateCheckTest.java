package dev.pgflink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state check against a real PostgreSQL: a history applied to the database and written as a
 * change log must rebuild to the database's rows, and each defect put into the change log must be
 * reported exactly, by table, key and column.
 */
class StateCheckTest {
    private static SourceDatabase postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = SourceDatabase.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshTable() throws Exception {
        postgres.execute("DROP SCHEMA IF EXISTS shop CASCADE", "CREATE SCHEMA shop",
                "CREATE TABLE shop.items (id int PRIMARY KEY, name varchar(40), price numeric(10,2), note text)");
    }

    /** Four inserts, two updates of one key in two transactions, a delete, ADD COLUMN, an update that sets it. */
    private ChangeLogWriter history() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a'), (2, 'two', 20, 'b'), (3, 'three', 30, 'c'), "
                        + "(4, 'four', 40, 'd')",
                "UPDATE shop.items SET price = 11 WHERE id = 1",
                "UPDATE shop.items SET price = 12 WHERE id = 1",
                "DELETE FROM shop.items WHERE id = 3",
                "ALTER TABLE shop.items ADD COLUMN qty int",
                "UPDATE shop.items SET qty = 5 WHERE id = 2");
        return new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"),
                        "insert", row("id", 2, "name", "two", "price", 20, "note", "b"),
                        "insert", row("id", 3, "name", "three", "price", 30, "note", "c"),
                        "insert", row("id", 4, "name", "four", "price", 40, "note", "d"))
                .commit("update", row("id", 1, "name", "one", "price", 11, "note", "a"))
                .commit("update", row("id", 1, "name", "one", "price", 12, "note", "a"))
                .commit("delete", row("id", 3))
                .ddl("add-column", "id", "name", "price", "note", "qty")
                .commit("update", row("id", 2, "name", "two", "price", 20, "note", "b", "qty", 5));
    }

    @Test
    void aFaithfulChangeLogRebuildsPostgresRows() throws Exception {
        StateReport report = check(history(), false);

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.verdict()).isEqualTo("EQUAL (3 rows in 1 table)");
        TableComparison items = report.tables().get("shop.items");
        assertThat(items.rebuiltRows()).isEqualTo(3);
        assertThat(items.unverifiable()).isEmpty();
    }

    @Test
    void aDeleteRemovedFromTheOutputLeavesTheRowOnlyInS3() throws Exception {
        StateReport report = check(history().edit(lines -> without(lines, l -> l.get("__op").asText().equals("delete"))),
                false);

        TableComparison items = report.tables().get("shop.items");
        assertThat(report.equal()).isFalse();
        assertThat(items.onlyInS3()).isEqualTo(1);
        assertThat(items.onlyInPostgres()).isZero();
        assertThat(items.differing()).isZero();
        assertThat(Values.write(items.examples().get(0))).isEqualTo(
                "{\"kind\":\"only_in_s3\",\"key\":[3],\"row\":{\"id\":3,\"name\":\"three\",\"note\":\"c\",\"price\":30}}");
    }

    @Test
    void twoUpdatesOfOneKeySwappedLeaveTheEarlierValue() throws Exception {
        StateReport report = check(history().edit(lines -> {
            // The two updates of id 1 trade places in the commit order.
            ObjectNode first = lines.get(4);
            ObjectNode second = lines.get(5);
            for (String field : List.of("__transaction_id", "__stream_position", "__timestamp")) {
                var value = first.get(field);
                first.set(field, second.get(field));
                second.set(field, value);
            }
            return lines;
        }), false);

        assertDiffersIn(report, "[1]", "price", "12", "11");
    }

    @Test
    void aChangedValueIsReportedByKeyAndColumn() throws Exception {
        StateReport report = check(history().edit(lines -> {
            lines.get(3).put("name", "FOUR");
            return lines;
        }), false);

        assertDiffersIn(report, "[4]", "name", "\"four\"", "\"FOUR\"");
    }

    @Test
    void anAddedColumnsValueDroppedFromAnUpdateIsReported() throws Exception {
        StateReport report = check(history().edit(lines -> {
            lines.get(lines.size() - 1).remove("qty");
            return lines;
        }), false);

        // qty is an int4, never TOASTed: with IncludeNullAndEmpty off, left out means NULL.
        assertDiffersIn(report, "[2]", "qty", "5", null);
    }

    @Test
    void withIncludeNullAndEmptyAColumnLeftOutOfAnUpdateIsUnchanged() throws Exception {
        String large = "x".repeat(100_000);
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, '" + large + "')",
                "UPDATE shop.items SET price = 11 WHERE id = 1",
                "UPDATE shop.items SET note = NULL, name = NULL WHERE id = 1");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", large))
                .commit("update", row("id", 1, "name", "one", "price", 11)) // note: unchanged TOAST, left out
                .commit("update", row("id", 1, "name", null, "price", 11, "note", null));

        StateReport report = check(log, true);

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.tables().get("shop.items").unverifiable()).isEmpty();
    }

    @Test
    void withoutIncludeNullAndEmptyATextLeftOutOfAnUpdateIsUnchangedToastOrNullAndSaidSo() throws Exception {
        String large = "x".repeat(100_000);
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, '" + large + "'), (2, 'two', 20, 'short')",
                "UPDATE shop.items SET price = 11 WHERE id = 1",
                "UPDATE shop.items SET note = NULL, price = NULL WHERE id = 2");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", large),
                        "insert", row("id", 2, "name", "two", "price", 20, "note", "short"))
                .commit("update", row("id", 1, "name", "one", "price", 11)) // unchanged TOAST
                .commit("update", row("id", 2, "name", "two")); // note and price set to NULL

        StateReport report = check(log, false);

        // Row 1 keeps its text; row 2's text is NULL in PostgreSQL, which the change log cannot
        // tell from an unchanged TOAST value: reported as such, not as a difference. Its price (a
        // numeric, never TOASTed) is NULL for certain.
        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.tables().get("shop.items").unverifiable()).containsExactly(Map.entry(
                "note: left out of an update: NULL, or an unchanged TOAST value (IncludeNullAndEmpty off)", 1L));
        assertThat(report.summary()).contains("not in the change log, taken from PostgreSQL: 1 x note");
    }

    @Test
    void withoutTransactionDetailsTheTimestampOrdersTheChangesWhereverTheLinesLie() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a')",
                "UPDATE shop.items SET price = 11 WHERE id = 1",
                "UPDATE shop.items SET price = 12 WHERE id = 1");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items").withoutTransactionDetails()
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"))
                .commit("update", row("id", 1, "name", "one", "price", 11, "note", "a"))
                .commit("update", row("id", 1, "name", "one", "price", 12, "note", "a"))
                // The last update is read first; the later __timestamp still makes it the last change.
                .edit(lines -> List.of(lines.get(2), lines.get(1), lines.get(0)));

        StateReport report = check(log, false);

        assertThat(report.equal()).as(report.summary()).isTrue();
    }

    @Test
    void anUpdateThatChangesTheKeyMovesTheRowWhenTheBeforeImageSaysFromWhere() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a')", "UPDATE shop.items SET id = 5 WHERE id = 1");
        ChangeLogWriter moved = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"))
                .commit("update", row("id", 5, "name", "one", "price", 10, "note", "a"));

        // BeforeImageSettings on: the old key is in __before.
        StateReport withBefore = check(moved.edit(lines -> {
            lines.get(1).putObject("__before").put("id", 1);
            return lines;
        }), false);
        assertThat(withBefore.equal()).as(withBefore.summary()).isTrue();

        // Off: nothing says the row left key 1 (docs/lake.md), so it stays there.
        StateReport without = check(moved.edit(lines -> {
            lines.get(1).remove("__before");
            return lines;
        }), false);
        assertThat(without.tables().get("shop.items").onlyInS3()).isEqualTo(1);
    }

    @Test
    void aSecondFullLoadStartsTheTableOver() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (2, 'two', 22, 'b'), (5, 'five', 50, 'e')");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .load(row("id", 1, "name", "one", "price", 10))
                .load(row("id", 2, "name", "two", "price", 20))
                .commit("update", row("id", 2, "name", "two", "price", 21))
                // The table is reloaded; meanwhile row 1 was deleted and row 5 added, with no change record.
                .load(row("id", 2, "name", "two", "price", 21, "note", "b"))
                .load(row("id", 5, "name", "five", "price", 50, "note", "e"))
                .commit("update", row("id", 2, "name", "two", "price", 22, "note", "b"));

        StateReport report = check(log, false);

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.summary()).contains("reloaded");
    }

    @Test
    void renamedAndDroppedColumnsAreFollowed() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a'), (2, 'two', 20, 'b')",
                "ALTER TABLE shop.items RENAME COLUMN note TO remark",
                "ALTER TABLE shop.items DROP COLUMN name",
                "UPDATE shop.items SET price = 21 WHERE id = 2");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"),
                        "insert", row("id", 2, "name", "two", "price", 20, "note", "b"))
                .ddl("rename-column", "id", "name", "price", "remark")
                .ddl("drop-column", "id", "price", "remark")
                .commit("update", row("id", 2, "price", 21, "remark", "b"));

        StateReport report = check(log, false);

        assertThat(report.equal()).as(report.summary()).isTrue();
    }

    @Test
    void anAddedColumnsDefaultIsNotInTheChangeLogAndTheReportSaysSo() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a')",
                "ALTER TABLE shop.items ADD COLUMN status text DEFAULT 'new'");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"))
                .ddl("add-column", "id", "name", "price", "note", "status");

        StateReport report = check(log, false);

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.tables().get("shop.items").unverifiable()).containsExactly(Map.entry(
                "status: added by DDL: the value existing rows got (DEFAULT) is not in the change log", 1L));
    }

    @Test
    void aRowOnlyInPostgresIsReported() throws Exception {
        postgres.execute("INSERT INTO shop.items VALUES (1, 'one', 10, 'a'), (7, 'seven', 70, NULL)");
        ChangeLogWriter log = new ChangeLogWriter("shop", "items")
                .commit("insert", row("id", 1, "name", "one", "price", 10, "note", "a"));

        TableComparison items = check(log, false).tables().get("shop.items");

        assertThat(items.onlyInPostgres()).isEqualTo(1);
        assertThat(Values.write(items.examples().get(0))).isEqualTo(
                "{\"kind\":\"only_in_postgres\",\"key\":[7],\"row\":{\"id\":7,\"name\":\"seven\",\"price\":70}}");
    }

    private static void assertDiffersIn(StateReport report, String key, String column, String postgresValue,
            String s3Value) {
        TableComparison items = report.tables().get("shop.items");
        assertThat(report.equal()).isFalse();
        assertThat(items.differing()).as(report.summary()).isEqualTo(1);
        assertThat(items.onlyInPostgres() + items.onlyInS3()).isZero();
        ObjectNode example = items.examples().get(0);
        assertThat(Values.write(example.get("key"))).isEqualTo(key);
        assertThat(example.get("columns")).hasSize(1);
        assertThat(example.get("columns").get(0).get("column").asText()).isEqualTo(column);
        assertThat(String.valueOf(example.get("columns").get(0).get("postgres"))).isEqualTo(String.valueOf(postgresValue));
        assertThat(String.valueOf(example.get("columns").get(0).get("s3"))).isEqualTo(String.valueOf(s3Value));
    }

    private StateReport check(ChangeLogWriter log, boolean includeNullAndEmpty) throws Exception {
        Path output = log.writeTo(Files.createDirectories(work.resolve("flink")));
        try (Connection sql = postgres.connect()) {
            return StateCheck.run(new DirectoryPathOutput(output, true), sql, Map.of(), List.of(),
                    // Well under the local pipeline's 512 MB: no buffer may assume more.
                    new StateCheck.Settings(includeNullAndEmpty, false, "256MB", 2, 10, work.resolve("duck")));
        }
    }

    static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    private static List<ObjectNode> without(List<ObjectNode> lines, java.util.function.Predicate<ObjectNode> drop) {
        List<ObjectNode> kept = new ArrayList<>(lines);
        kept.removeIf(drop);
        return kept;
    }
}
