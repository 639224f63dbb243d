package dev.pgflink.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one template rendered with each engine's naming (the DuckDB form runs in lake's LakeViewsTest). */
class TableViewsTest {
    private static final LakeTable ITEMS = new LakeTable("Shop", "items", List.of("id"), List.of(
            new LakeColumn("id", "integer", "INTEGER"),
            new LakeColumn("Name", "text", LakeColumn.TEXT),
            new LakeColumn("seen", "timestamp with time zone", "TIMESTAMP"),
            new LakeColumn("__op", "text", LakeColumn.TEXT)));

    @Test
    void duckDbKeepsTheSchemaAndTheTableName() {
        List<LakeView> views = TableViews.render(ITEMS, new DuckDbNaming(), "read_json('x')");

        assertThat(views).extracting(LakeView::name).containsExactly("\"Shop\".\"items_changes\"", "\"Shop\".\"items_current\"");
        assertThat(views.get(0).query()).contains("FROM read_json('x')", "WHERE __schema = 'Shop' AND __table = 'items'",
                "TRY_CAST(\"id\" AS INTEGER) AS \"id\"", "\"Name\" AS \"Name\"");
        assertThat(views.get(1).query()).contains("FROM \"Shop\".\"items_changes\" c", "PARTITION BY \"id\"");
    }

    @Test
    void athenaNamesEverythingInOneDatabaseInLowerCase() {
        AthenaNaming naming = new AthenaNaming("pgflink");
        List<LakeView> views = TableViews.render(ITEMS, naming, naming.source(ITEMS));

        assertThat(views).extracting(LakeView::name)
                .containsExactly("\"pgflink\".\"shop__items_changes\"", "\"pgflink\".\"shop__items_current\"");
        assertThat(views.get(0).query()).contains("FROM \"pgflink\".\"shop__items\"", "\"name\" AS \"name\"",
                // The value of a source column named __op is under ___op in the flat line.
                "\"___op\" AS \"__op\"")
                .contains("TRY_CAST(replace(replace(\"seen\", 'T', ' '), 'Z', '') AS TIMESTAMP) AS \"seen\"");
        assertThat(views.get(1).query()).contains("FROM \"pgflink\".\"shop__items_changes\" c");
    }

    @Test
    void athenaReadsAndNamesColumnsAsGlueKeepsThem() {
        LakeTable table = new LakeTable("s", "t", List.of("Order ID"), List.of(new LakeColumn("Order ID", null, "INTEGER"),
                new LakeColumn("__Weird Col", null, LakeColumn.TEXT)));
        AthenaNaming naming = new AthenaNaming("pgflink");
        List<LakeView> views = TableViews.render(table, naming, naming.source(table));

        // The Glue columns are order_id and ___weird_col (the line key ___Weird Col); DuckDB reads the keys as they are.
        assertThat(views.get(0).query()).contains("TRY_CAST(\"order_id\" AS INTEGER) AS \"order_id\"",
                "\"___weird_col\" AS \"__weird_col\"");
        assertThat(views.get(1).query()).contains("PARTITION BY \"order_id\"");
        assertThat(TableViews.render(table, new DuckDbNaming(), "src").get(0).query())
                .contains("TRY_CAST(\"Order ID\" AS INTEGER) AS \"Order ID\"", "\"___Weird Col\" AS \"__Weird Col\"");
    }

    @Test
    void eachViewIsOneSelectInTheSqlBothEnginesRead() {
        for (LakeView view : TableViews.render(ITEMS, new DuckDbNaming(), "src")) {
            assertThat(view.query()).startsWith("SELECT").doesNotContain("QUALIFY", "{{", "--", ";");
            assertThat(view.createStatement()).startsWith("CREATE OR REPLACE VIEW " + view.name() + " AS\nSELECT");
        }
    }

    @Test
    void theViewsListTheirColumnsWithTheirTypes() {
        List<LakeView> views = TableViews.render(ITEMS, new DuckDbNaming(), "src");

        assertThat(describe(views.get(0))).isEqualTo("id INTEGER, Name VARCHAR, seen TIMESTAMP, __op VARCHAR, "
                + "__op VARCHAR, __timestamp VARCHAR, __commit_timestamp VARCHAR, __transaction_id BIGINT, "
                + "__transaction_record_id BIGINT, __stream_position VARCHAR");
        assertThat(describe(views.get(1))).isEqualTo("id INTEGER, Name VARCHAR, seen TIMESTAMP, __op VARCHAR");
    }

    @Test
    void aTableNameWithCharactersGlueDoesNotKeepBecomesUnderscores() {
        LakeTable table = new LakeTable("Sales-EU", "Order Lines", List.of("id"), List.of(new LakeColumn("id", null, "BIGINT")));

        assertThat(AthenaNaming.tableName(table)).isEqualTo("sales_eu__order_lines");
        assertThat(AthenaNaming.currentViewName(table)).isEqualTo("sales_eu__order_lines_current");
    }

    private static String describe(LakeView view) {
        return view.columns().stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "));
    }
}
