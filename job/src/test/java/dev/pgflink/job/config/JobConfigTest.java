package dev.pgflink.job.config;

import static dev.pgflink.core.config.JobProperty.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.config.JobPropertyGroups;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    /** The two required properties, then {@code property, value} pairs. */
    private static Map<String, Properties> minimal(Object... more) {
        JobPropertyGroups groups = new JobPropertyGroups().set(STREAM_NAMES, "cdc-orders").set(BASE_PATH, "s3://bucket/");
        for (int i = 0; i < more.length; i += 2) {
            groups.set((JobProperty) more[i], (String) more[i + 1]);
        }
        return groups.toMap();
    }

    @Test
    void onlyTheStreamAndTheOutputAreRequired() {
        JobConfig config = JobConfig.from(minimal());

        assertThat(config.streams()).containsExactly("cdc-orders");
        assertThat(config.basePath()).isEqualTo("s3://bucket");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.initialPosition()).isEqualTo(JobConfig.InitialPosition.LATEST);
        assertThat(config.windowSize()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.beforeImageField()).isEqualTo("before-image");
        assertThat(config.flinkRoot()).isEqualTo("flink");
        assertThat(config.endpoint()).isNull();
    }

    @Test
    void readsSeveralStreamsAndEverySetting() {
        JobConfig config = JobConfig.from(minimal(STREAM_NAMES, "a, b", INITIAL_POSITION, "at_timestamp",
                INITIAL_TIMESTAMP, "2024-12-16T13:00:00Z", WINDOW_SIZE_MS, "1000", GETRECORDS_MAX, "500"));

        assertThat(config.streams()).containsExactly("a", "b");
        assertThat(config.initialPosition()).isEqualTo(JobConfig.InitialPosition.AT_TIMESTAMP);
        assertThat(config.initialTimestamp()).hasToString("2024-12-16T13:00:00Z");
        assertThat(config.windowSize()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.getRecordsMax()).isEqualTo(500);
    }

    @Test
    void compressionIsNoneUnlessGzipIsAsked() {
        assertThat(JobConfig.from(minimal()).compression()).isEqualTo(Compression.NONE);
        assertThat(JobConfig.from(minimal(COMPRESSION, "gzip")).compression()).isEqualTo(Compression.GZIP);
        assertThatThrownBy(() -> JobConfig.from(minimal(COMPRESSION, "zstd")))
                .hasMessage("invalid configuration: Output.compression: compression must be none or gzip, was 'zstd'");
    }

    @Test
    void aMissingStreamIsNamedInTheError() {
        assertThatThrownBy(() -> JobConfig.from(new JobPropertyGroups().set(BASE_PATH, "s3://b").toMap()))
                .hasMessageContaining("KinesisSource.stream.names").hasMessageContaining("required");
    }

    @Test
    void badValuesAreNamedInTheError() {
        assertThatThrownBy(() -> JobConfig.from(minimal(WINDOW_SIZE_MS, "soon")))
                .hasMessage("invalid configuration: Transform.window.size.ms: 'soon' is not a whole number");
        assertThatThrownBy(() -> JobConfig.from(minimal(INITIAL_POSITION, "EARLIEST")))
                .hasMessageContaining("KinesisSource.initial.position").hasMessageContaining("TRIM_HORIZON");
        assertThatThrownBy(() -> JobConfig.from(minimal(INITIAL_POSITION, "AT_TIMESTAMP")))
                .hasMessageContaining("KinesisSource.initial.timestamp");
        assertThatThrownBy(() -> JobConfig.from(minimal(GETRECORDS_MAX, "20000")))
                .hasMessageContaining("KinesisSource.getrecords.max: 20000 is outside 1..10000");
        assertThatThrownBy(() -> JobConfig.from(minimal(BASE_PATH, "my-bucket")))
                .hasMessageContaining("Output.base.path").hasMessageContaining("s3://my-bucket");
        assertThatThrownBy(() -> JobConfig.from(minimal(ACCESS_KEY, "k")))
                .hasMessageContaining("KinesisSource.access.key");
    }

    @Test
    void commandLineArgumentsOverrideSingleProperties() {
        Map<String, Properties> groups = minimal();

        JobProperties.applyOverrides(new String[] {"--config", "x.json", "--Transform.window.size.ms", "5000",
                "--Local.s3.endpoint", "http://127.0.0.1:9000"}, groups);

        JobConfig config = JobConfig.from(groups);
        assertThat(config.windowSize()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void everyPropertyIsNamedGroupDotKey() {
        assertThat(STREAM_NAMES.qualifiedName()).isEqualTo("KinesisSource.stream.names");
        assertThat(BASE_PATH.qualifiedName()).isEqualTo("Output.base.path");
        assertThat(WINDOW_SIZE_MS.qualifiedName()).isEqualTo("Transform.window.size.ms");
        assertThat(S3_ENDPOINT.qualifiedName()).isEqualTo("Local.s3.endpoint");
    }

    @Test
    void malformedArgumentsAreExplained() {
        assertThatThrownBy(() -> JobProperties.applyOverrides(new String[] {"--window", "5"}, new HashMap<>()))
                .hasMessageContaining("--Group.key VALUE");
    }

    @Test
    void theExampleLocalConfigurationIsValid() {
        JobConfig config = JobConfig.from(JobProperties.load(new String[] {"--config", "local-config.example.json",
                "--KinesisSource.stream.names", "other"}));

        assertThat(config.streams()).containsExactly("other");
        assertThat(config.endpoint()).isEqualTo("http://127.0.0.1:4567");
        assertThat(config.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(JobProperties.isLocal(new String[] {"--config", "x"})).isTrue();
        assertThat(JobProperties.isLocal(new String[0])).isFalse();
        assertThat(JobProperties.isLocal(new String[] {"--config", "x", "--cluster"})).as("a file, on a cluster").isFalse();
    }

    @Test
    void aMissingConfigurationFileIsNamed() {
        assertThatThrownBy(() -> JobProperties.load(new String[] {"--config", "nowhere.json"}))
                .hasMessageContaining("configuration file not found").hasMessageContaining("nowhere.json");
    }
}
