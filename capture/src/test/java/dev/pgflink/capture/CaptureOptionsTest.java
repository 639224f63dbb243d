package dev.pgflink.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.capture.render.DmsSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptureOptionsTest {
    private static CaptureOptions.Builder required() {
        return CaptureOptions.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:5432/postgres").stream("cdc");
    }

    @Test
    void theBuilderStartsFromTheCommandLinesDefaults() {
        CaptureOptions options = required().build();

        assertThat(options.user()).isEqualTo("postgres");
        assertThat(options.slot()).isEqualTo("pgflink");
        assertThat(options.publication()).isEqualTo("pgflink");
        assertThat(options.region()).isEqualTo("us-east-1");
        assertThat(options.flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.dms()).isEqualTo(DmsSettings.defaults());
        assertThat(options.fullLoad()).isFalse();
        assertThat(options.password()).isNull();
        assertThat(options.kinesisEndpoint()).isNull();
        assertThat(options.accessKey()).isNull();
    }

    @Test
    void theCommandLineHasTheSameDefaultsAsTheBuilder() {
        CaptureMain main = new CaptureMain();
        new picocli.CommandLine(main).parseArgs("--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "--stream", "cdc");

        CaptureOptions fromCommandLine = main.options();
        CaptureOptions fromBuilder = required().password(fromCommandLine.password()).build();

        assertThat(fromCommandLine).usingRecursiveComparison().ignoringFields("tables").isEqualTo(fromBuilder);
    }

    @Test
    void eachSettingIsNamed() {
        CaptureOptions options = required().user("capture").slot("s1").publication("p1").region("eu-west-1")
                .credentials("key", "secret").fullLoad(true).flushInterval(Duration.ofMillis(50)).build();

        assertThat(options.user()).isEqualTo("capture");
        assertThat(options.slot()).isEqualTo("s1");
        assertThat(options.publication()).isEqualTo("p1");
        assertThat(options.region()).isEqualTo("eu-west-1");
        assertThat(options.accessKey()).isEqualTo("key");
        assertThat(options.secretKey()).isEqualTo("secret");
        assertThat(options.fullLoad()).isTrue();
        assertThat(options.flushInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void slotAndPublicationMustBePlainIdentifiers() {
        assertThatThrownBy(() -> required().slot("My-Slot").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slot name must be lower-case letters, digits and _");
        assertThatThrownBy(() -> required().publication("pub; DROP TABLE t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publication name");
    }

    @Test
    void theJdbcUrlAndTheStreamHaveNoDefault() {
        assertThatThrownBy(() -> CaptureOptions.builder().stream("cdc").build()).hasMessageContaining("jdbcUrl");
        assertThatThrownBy(() -> CaptureOptions.builder().jdbcUrl("jdbc:postgresql:x").build())
                .hasMessageContaining("stream");
    }
}
