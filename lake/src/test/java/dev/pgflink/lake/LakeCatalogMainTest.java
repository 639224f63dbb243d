package dev.pgflink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeTableFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The catalog command against a real PostgreSQL: the definitions it writes and what it refuses. */
class LakeCatalogMainTest {
    /** The definitions the CDK app reads, checked in: the sample tables of ./local-pipeline. */
    private static final Path CHECKED_IN = repository().resolve("infra/lake-tables.json");
    private static final Path SAMPLE_SCHEMA = repository().resolve("local/src/main/resources/dev/pgflink/local/load/delivery-orders.sql");

    private static SourceDatabase postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = SourceDatabase.start();
        postgres.execute("CREATE SCHEMA shop",
                "CREATE TYPE shop.mood AS ENUM ('ok', 'sad')",
                "CREATE TABLE shop.lines (order_id bigint, line smallint, price numeric(12,3), paid_at timestamptz, "
                        + "tags text[], attrs jsonb, mood shop.mood, note varchar(40), total numeric, "
                        + "PRIMARY KEY (line, order_id))",
                "CREATE TABLE shop.audit (at timestamp, what text)",
                "CREATE VIEW shop.big_lines AS SELECT * FROM shop.lines WHERE price > 100",
                "CREATE SCHEMA delivery",
                String.format(Files.readString(SAMPLE_SCHEMA), "delivery"));
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void aTableIsWrittenWithItsKeyInKeyOrderAndEachColumnTypedByTheDmsMapping() throws Exception {
        Path file = work.resolve("lake-tables.json");
        Result result = run("--table", "shop.lines", "--out", file.toString());

        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("shop.lines: key [line, order_id], 9 columns", "wrote 1 table to");
        assertThat(LakeTableFile.read(file)).containsExactly(new LakeTable("shop", "lines", List.of("line", "order_id"), List.of(
                new LakeColumn("order_id", "bigint", "BIGINT"),
                new LakeColumn("line", "smallint", "SMALLINT"),
                new LakeColumn("price", "numeric(12,3)", "DECIMAL(12, 3)"),
                new LakeColumn("paid_at", "timestamp with time zone", "TIMESTAMP"),
                new LakeColumn("tags", "text[]", LakeColumn.TEXT),
                new LakeColumn("attrs", "jsonb", LakeColumn.TEXT),
                new LakeColumn("mood", "mood", LakeColumn.TEXT),
                new LakeColumn("note", "character varying(40)", LakeColumn.TEXT),
                new LakeColumn("total", "numeric", LakeColumn.TEXT))));
    }

    @Test
    void aSchemaWithATableWithoutPrimaryKeyIsRefusedAndNothingIsWritten() {
        Path file = work.resolve("refused.json");
        Result result = run("--schema", "shop", "--out", file.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("shop.audit has no primary key", "--table");
        assertThat(file).doesNotExist();
    }

    @Test
    void aTableThatIsNotThereIsNamed() {
        Result result = run("--table", "shop.nope", "--out", work.resolve("x.json").toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("no table shop.nope");
    }

    /** The checked-in file is what the command writes for the sample schema (regenerate it with the command). */
    @Test
    void theCheckedInDefinitionsAreTheSampleSchemas() throws Exception {
        Path file = work.resolve("sample.json");
        Result result = run("--schema", "delivery", "--out", file.toString());

        assertThat(result.code).as(result.err).isZero();
        Path written = Files.copy(file, Path.of("target", "lake-tables.json"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(CHECKED_IN).as("infra/lake-tables.json is the command's output for the sample schema, "
                + "lake/" + written + " (copy it over after changing the sample or the mapping)").hasSameTextualContentAs(file);
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = LakeCatalogMain.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--postgres-url";
        all[args.length + 1] = postgres.jdbcUrl();
        int code = command.execute(all);
        return new Result(code, out.toString(), err.toString());
    }

    private static Path repository() {
        return Path.of(System.getProperty("pgflink.repository.root", "..")).toAbsolutePath().normalize();
    }
}
