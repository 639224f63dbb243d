package dev.pgflink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state command on a local directory: its exit codes, its summary and its JSON report. */
class StateCheckMainTest {
    private static SourceDatabase postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = SourceDatabase.start();
        postgres.execute("CREATE SCHEMA cli", "CREATE TABLE cli.t (id bigint PRIMARY KEY, v text)",
                "INSERT INTO cli.t VALUES (1, 'one'), (2, 'two')");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private ChangeLogWriter log(String secondValue) {
        return new ChangeLogWriter("cli", "t").commit(
                "insert", StateCheckTest.row("id", 1, "v", "one"),
                "insert", StateCheckTest.row("id", 2, "v", secondValue));
    }

    @Test
    void exitsZeroWhenTheOutputRebuildsTheTable() throws Exception {
        Path output = log("two").writeTo(work.resolve("out/flink"));
        Result result = run("--output", output.toString());

        assertThat(result.code).as(result.stdout).isZero();
        assertThat(result.stdout).startsWith("STATE flink: EQUAL (2 rows in 1 table)");
        JsonNode report = Values.read(Files.readString(work.resolve("report.json")));
        assertThat(report.get("equal").asBoolean()).isTrue();
        assertThat(report.at("/tables/cli.t/postgres_rows").asLong()).isEqualTo(2);
    }

    @Test
    void exitsOneWithTheDifferenceWhenTheyDiffer() throws Exception {
        Path output = log("TWO").writeTo(work.resolve("out/firehose-copy"));
        Result result = run("--output", output.toString(), "--path", "flink");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.stdout).contains("STATE flink: DIFFERENT", "\"column\":\"v\",\"postgres\":\"two\",\"s3\":\"TWO\"");
    }

    @Test
    void exitsTwoWhenItCannotCompare() throws Exception {
        Result result = run("--output", work.resolve("somewhere").toString());

        assertThat(result.code).isEqualTo(2);
    }

    @Test
    void exitsTwoWhenTheOutputHoldsNothing() throws Exception {
        Files.createDirectories(work.resolve("empty/flink"));
        assertThat(run("--output", work.resolve("empty/flink").toString()).code).isEqualTo(2);
        assertThat(run("--output", work.resolve("missing/flink").toString()).code).isEqualTo(2);
    }

    private record Result(int code, String stdout) {
    }

    private Result run(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--postgres-url", postgres.jdbcUrl(), "--report", work.resolve("report.json").toString(),
                "--work-dir", work.resolve("duck").toString()}, 0, all, args.length, 6);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = StateCheckMain.commandLine().execute(all);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
