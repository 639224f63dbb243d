package dev.pgflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class CheckpointGuardTest {

    @Test
    void aClusterWithoutCheckpointsGetsThemTurnedOn() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isFalse();

        CheckpointGuard.ensureCheckpointing(env);

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(CheckpointGuard.DEFAULT_INTERVAL_MILLIS);
        assertThat(env.getCheckpointConfig().getCheckpointingMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    }

    @Test
    void aConfiguredIntervalIsLeftAsItIs() {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "5 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        CheckpointGuard.ensureCheckpointing(env);

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5_000);
    }
}
