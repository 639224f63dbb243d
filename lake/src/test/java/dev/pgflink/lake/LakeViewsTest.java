package dev.pgflink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.lake.DuckDbNaming;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeView;
import dev.pgflink.core.lake.TableViews;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views' template (core's TableViews, DuckDB naming), run by DuckDB over a change log laid out as the Flink path writes it. */
class LakeViewsTest {
    private static SourceDatabase postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = SourceDatabase.start();
        postgres.execute("CREATE SCHEMA shop", "CREATE TABLE shop.items (id int PRIMARY KEY, name varchar(40), "
                + "price numeric(10,2), seen timestamp, ok boolean, tags text[])");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void theCurrentViewHoldsTheLatestChangePerKeyWithTypedColumns() throws Exception {
        Path output = new ChangeLogWriter("shop", "items")
                .commit("insert", StateCheckTest.row("id", 1, "name", "one", "price", 10, "seen", "2024-12-16T10:24:15.889986Z",
                                "ok", "true", "tags", "{a,b}"),
                        "insert", StateCheckTest.row("id", 2, "name", "two", "price", 20),
                        "insert", StateCheckTest.row("id", 3, "name", "three", "price", 30))
                .commit("update", StateCheckTest.row("id", 1, "name", "one", "price", 10.5, "seen", "2024-12-16T10:24:15.889986Z",
                        "ok", "false", "tags", "{a,b}"))
                .commit("delete", StateCheckTest.row("id", 3))
                .writeTo(work.resolve("flink"));

        List<String> rows = query(output, "SELECT id, name, price, seen, ok, tags, typeof(price), typeof(seen), typeof(ok) "
                + "FROM shop.items_current ORDER BY id");

        assertThat(rows).containsExactly(
                "1|one|10.50|2024-12-16 10:24:15.889986|false|{a,b}|DECIMAL(10,2)|TIMESTAMP|BOOLEAN",
                "2|two|20.00|null|null|null|DECIMAL(10,2)|TIMESTAMP|BOOLEAN");
        assertThat(query(output, "SELECT __op, count(*) FROM shop.items_changes GROUP BY 1 ORDER BY 1"))
                .containsExactly("delete|1", "insert|3", "update|1");
    }

    @Test
    void theQueryCommandPrintsAReadableTable() throws Exception {
        Path output = new ChangeLogWriter("shop", "items")
                .commit("insert", StateCheckTest.row("id", 1, "name", "one", "price", 10),
                        "insert", StateCheckTest.row("id", 2, "name", "two", "price", 10))
                .writeTo(work.resolve("flink"));
        try (Connection pg = postgres.connect(); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            LakeViews.createInDuckDb(duck, output, true, items(pg));

            assertThat(LakeQueryMain.run(duck, "select price, count(*) as items from shop.items_current group by 1", 100))
                    .isEqualTo("""
                            price | items
                            ------+------
                            10.00 | 2    
                            (1 row)
                            """);
        }
    }

    /** Athena keeps each view's column types beside its SQL (LakeView.columns): they must be what the SQL gives. */
    @Test
    void theViewsGiveTheColumnsAndTypesTheRendererDeclares() throws Exception {
        Path output = new ChangeLogWriter("shop", "items")
                .commit("insert", StateCheckTest.row("id", 1, "name", "one", "price", 10))
                .writeTo(work.resolve("flink"));
        try (Connection pg = postgres.connect(); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            LakeTable definition = items(pg);
            LakeViews.createInDuckDb(duck, output, true, definition);

            for (LakeView view : TableViews.render(definition, new DuckDbNaming(), "unused")) {
                List<String> described = new ArrayList<>();
                try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE " + view.name())) {
                    while (rs.next()) {
                        described.add(rs.getString(1) + " " + rs.getString(2).replace(",", ", "));
                    }
                }
                assertThat(described).as(view.name())
                        .isEqualTo(view.columns().stream().map(c -> c.name() + " " + c.sqlType()).toList());
            }
        }
    }

    /** shop.items as the query command reads it from the catalog. */
    private static LakeTable items(Connection pg) throws SQLException {
        return PostgresCatalog.tablesWithKeys(pg).stream().filter(t -> t.name().equals("shop.items")).findFirst()
                .orElseThrow();
    }

    private List<String> query(Path output, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection pg = postgres.connect(); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            LakeViews.createInDuckDb(duck, output, true, items(pg));
            try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i == 1 ? "" : "|").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }
}
