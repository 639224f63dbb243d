package dev.pgflink.local.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import dev.pgflink.lake.DirectoryPathOutput;
import dev.pgflink.lake.StateCheck;
import dev.pgflink.lake.StateReport;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.PostgresService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column type the capture renders survives PostgreSQL → capture → the core transform →
 * the rebuilt row (the state check), under both settings of IncludeNullAndEmpty; no Flink, so it
 * stays fast. Includes a large TOASTed text left unchanged by an update of another column, which
 * pgoutput does not send again. On kinesalite: kinesis-mock cannot return records this large.
 */
@ExtendWith(LocalServicesExtension.class)
class CaptureStateRoundTripTest {
    private static final String[] HISTORY = {
        "INSERT INTO %1$s VALUES (1, 12.5, 1234567890.123456789, 9223372036854775807, '2024-12-16 10:24:15.889986', "
                + "'2024-12-16 13:24:15.5+03', '\\x48656c6c6f', '{\"foo\": [1, 2]}', '{\"b\": 1, \"a\": null}', "
                + "'{1,2,3}', '{\"x y\",NULL,\"z\"}', 'happy', true, 1.5e-7, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
                + "'2024-02-29', repeat('n', 10), NULL)",
        "INSERT INTO %1$s (id, note) VALUES (2, '%2$s')",
        "INSERT INTO %1$s (id, mood, flag) VALUES (3, 'sad', false)",
        "UPDATE %1$s SET n = 99.9900 WHERE id = 2", // the TOASTed note is left unchanged
        "UPDATE %1$s SET arr = '{}', mood = NULL, tstz = '-infinity', nu = 'NaN' WHERE id = 1",
        "DELETE FROM %1$s WHERE id = 3",
        "INSERT INTO %1$s (id, b, j) VALUES (4, '\\x', '[]')",
    };

    @TempDir
    Path work;

    @Test
    void everyTypeSurvivesWithNullsLeftOut(PostgresService postgres, Kinesalite kinesis) throws Exception {
        StateReport report = roundTrip(postgres, kinesis, "roundtrip_off", DmsSettings.defaults().withTransactionDetails(true));

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.rows()).isEqualTo(3);
    }

    @Test
    void everyTypeSurvivesWithNullsWritten(PostgresService postgres, Kinesalite kinesis) throws Exception {
        StateReport report = roundTrip(postgres, kinesis, "roundtrip_on",
                DmsSettings.defaults().withTransactionDetails(true).withNullAndEmpty(true));

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.tables().get("roundtrip_on.types").unverifiable()).isEmpty();
    }

    private StateReport roundTrip(PostgresService postgres, Kinesalite kinesis, String schema, DmsSettings dms)
            throws Exception {
        String table = schema + ".types";
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TYPE " + schema + ".mood AS ENUM ('sad', 'happy')");
            st.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, n numeric(12,4), nu numeric, big bigint, "
                    + "ts timestamp, tstz timestamptz, b bytea, j json, jb jsonb, arr int[], tarr text[], mood "
                    + schema + ".mood, flag boolean, f8 float8, u uuid, d date, note text, nothing text)");
            // Out of line and uncompressed: an update of another column leaves it as an unchanged TOAST value.
            st.execute("ALTER TABLE " + table + " ALTER COLUMN note SET STORAGE EXTERNAL");
        }
        String large = randomText(20_000);
        int changes = HISTORY.length;
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of(table), dms)) {
            try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
                for (String statement : HISTORY) {
                    st.execute(String.format(statement, table, large));
                }
            }
            List<byte[]> records = capture.records(changes);
            assertThat(records).hasSize(changes);
            Path output = writeAsFirehoseOutput(records);
            try (Connection sql = postgres.connectAsCapture()) {
                return StateCheck.run(new DirectoryPathOutput(output, false), sql, Map.of(), List.of(table),
                        StateCheck.Settings.defaults(work.resolve("duck")).withIncludeNullAndEmpty(dms.includeNullAndEmpty()));
            }
        }
    }

    /** The core transform's lines, as the Lambda returns them to Firehose, in one object. */
    private Path writeAsFirehoseOutput(List<byte[]> records) throws Exception {
        FlattenTransform transform = new FlattenTransform();
        StringBuilder lines = new StringBuilder();
        for (byte[] record : records) {
            TransformResult result = transform.apply(record);
            assertThat(result.kind()).as(result.toString()).isNotEqualTo(TransformResult.Kind.REJECTED);
            lines.append(result.lineText().stripTrailing()).append('\n');
        }
        assertThat(lines.toString().lines().filter(l -> l.contains("\"n\":99.99,")))
                .as("the update of n leaves the unchanged TOASTed note out").singleElement()
                .satisfies(update -> assertThat(update).doesNotContain("\"note\""));
        Path root = work.resolve("firehose");
        Path hour = Files.createDirectories(root.resolve("transformed/2026/11/27/10"));
        Files.writeString(hour.resolve("cdc-1-2026-11-27-10-00-00-0b1e4a4c-1f2e-4d3c-8b5a-6c7d8e9f0a1b"), lines,
                StandardCharsets.UTF_8);
        return root;
    }

    private static String randomText(int length) {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
