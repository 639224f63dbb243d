package dev.pgflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    private static Map<String, Properties> minimal(String... more) {
        Map<String, Properties> groups = JobProperties.of("KinesisSource.stream.names", "cdc-orders",
                "Output.base.path", "s3://bucket/");
        Map<String, Properties> extra = JobProperties.of(more);
        extra.forEach((group, props) -> groups.computeIfAbsent(group, g -> new Properties()).putAll(props));
        return groups;
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
        JobConfig config = JobConfig.from(minimal("KinesisSource.stream.names", "a, b", "KinesisSource.initial.position",
                "at_timestamp", "KinesisSource.initial.timestamp", "2024-12-16T13:00:00Z", "Transform.window.size.ms", "1000",
                "KinesisSource.getrecords.max", "500"));

        assertThat(config.streams()).containsExactly("a", "b");
        assertThat(config.initialPosition()).isEqualTo(JobConfig.InitialPosition.AT_TIMESTAMP);
        assertThat(config.initialTimestamp()).hasToString("2024-12-16T13:00:00Z");
        assertThat(config.windowSize()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.getRecordsMax()).isEqualTo(500);
    }

    @Test
    void aMissingStreamIsNamedInTheError() {
        assertThatThrownBy(() -> JobConfig.from(JobProperties.of("Output.base.path", "s3://b")))
                .hasMessageContaining("KinesisSource.stream.names").hasMessageContaining("required");
    }

    @Test
    void badValuesAreNamedInTheError() {
        assertThatThrownBy(() -> JobConfig.from(minimal("Transform.window.size.ms", "soon")))
                .hasMessage("invalid configuration: Transform.window.size.ms: 'soon' is not a whole number");
        assertThatThrownBy(() -> JobConfig.from(minimal("KinesisSource.initial.position", "EARLIEST")))
                .hasMessageContaining("KinesisSource.initial.position").hasMessageContaining("TRIM_HORIZON");
        assertThatThrownBy(() -> JobConfig.from(minimal("KinesisSource.initial.position", "AT_TIMESTAMP")))
                .hasMessageContaining("KinesisSource.initial.timestamp");
        assertThatThrownBy(() -> JobConfig.from(minimal("KinesisSource.getrecords.max", "20000")))
                .hasMessageContaining("KinesisSource.getrecords.max: 20000 is outside 1..10000");
        assertThatThrownBy(() -> JobConfig.from(minimal("Output.base.path", "my-bucket")))
                .hasMessageContaining("Output.base.path").hasMessageContaining("s3://my-bucket");
        assertThatThrownBy(() -> JobConfig.from(minimal("KinesisSource.access.key", "k")))
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
