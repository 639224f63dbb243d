package dev.pgflink.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.local.services.LocalPostgres;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.parity.ParityReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mistakes a newcomer makes get a message that says what to do, and nothing is left running. */
class LocalPipelineErrorsTest {
    @TempDir
    Path data;

    @Test
    void aWebUiPortInUseIsNamedWithTheOptionToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            assertThatThrownBy(() -> LocalPipeline.start(options(null, taken.getLocalPort()), quiet()))
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("--web-ui-port");
        }
    }

    @Test
    void aPostgresWithoutLogicalWalIsRefusedWithTheSettingToChange() throws Exception {
        // PostgreSQL's default wal_level (replica): logical decoding is off.
        try (EmbeddedPostgres replica = EmbeddedPostgres.builder().setServerConfig("listen_addresses", Loopback.HOST)
                .start()) {
            String url = "jdbc:postgresql://" + Loopback.HOST + ":" + replica.getPort() + "/postgres";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> LocalPipeline.start(options(url, Loopback.freePort()),
                    new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .hasMessageContaining("wal_level=logical");
        }
    }

    /**
     * Two runs on one database: the first creates the slot and loads the nine sample orders; the
     * second, with its outputs wiped, resumes that slot, so its state check says why it is skipped,
     * and its stop still waits for every change it committed.
     */
    @Test
    void aSecondRunOnTheSameDatabaseResumesTheSlotAndSkipsTheStateCheckSayingWhy() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start()) {
            LocalPipeline first = LocalPipeline.start(options(postgres.jdbcUrl(), Loopback.freePort()), quiet());
            try {
                PipelineWaits.awaitFinished(first);
                assertThat(first.stop().equal()).isTrue();
                assertThat(first.states()).allSatisfy(state -> assertThat(state.line()).contains(": EQUAL ("));
            } finally {
                first.close();
            }
            PipelineOptions again = new PipelineOptions(data.resolve("second"), false, postgres.jdbcUrl(), "postgres",
                    "postgres", 5, 10, 0, null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1024 * 1024,
                    Duration.ofSeconds(1), Loopback.freePort(), 1, Duration.ofSeconds(5), Compression.NONE);
            LocalPipeline second = LocalPipeline.start(again, quiet());
            try {
                PipelineWaits.awaitFinished(second);
                ParityReport report = second.stop();
                assertThat(report.equal()).as(report.summary()).isTrue();
                assertThat(report.flink().recordsByTable().get("delivery.orders")).doesNotContainKey("load");
                assertThat(second.states()).allSatisfy(state -> assertThat(state.line())
                        .contains("SKIPPED (the capture resumed replication slot " + PipelineOptions.SLOT));
            } finally {
                second.close();
            }
        }
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new PipelineOptions(data, false, null, null, null, 0, 0, 0, null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Duration.ZERO, 8081, 1, Duration.ofSeconds(5), Compression.NONE)).hasMessageContaining("--rate");
        assertThat(new LocalPipelineMain.DurationConverter().convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(new LocalPipelineMain.DurationConverter().convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> new LocalPipelineMain.DurationConverter().convert("soon")).hasMessageContaining("30s");
    }

    private PipelineOptions options(String postgresUrl, int webUiPort) {
        return new PipelineOptions(data, false, postgresUrl, "postgres", "postgres", 5, 10, 0, null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1024 * 1024, Duration.ofSeconds(1), webUiPort, 1, Duration.ofSeconds(5), Compression.NONE);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
