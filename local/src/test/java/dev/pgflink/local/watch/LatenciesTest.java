package dev.pgflink.local.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesOverAllSamplesAndOverTheRecentOnes() {
        Latencies latencies = new Latencies();
        assertThat(latencies.percentile(99)).isEqualTo(-1);
        for (int i = 1; i <= 100; i++) {
            latencies.add(i <= 50 ? 1_000 : 2_000, i * 10L);
        }
        assertThat(latencies.percentile(50)).isEqualTo(500);
        assertThat(latencies.percentile(99)).isEqualTo(990);
        assertThat(latencies.percentile(100)).isEqualTo(1_000);
        assertThat(latencies.percentile(50, 2_000)).as("only samples 51..100").isEqualTo(750);
        assertThat(latencies.percentile(99, 3_000)).isEqualTo(-1);
        assertThat(latencies.newest()).isEqualTo(1_000);
        assertThat(latencies.max()).isEqualTo(1_000);
        latencies.reset();
        assertThat(latencies.count()).isZero();
        assertThat(latencies.newest()).isEqualTo(-1);
    }
}
