package dev.pgflink.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.layout.Compression;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the state check can say EQUAL or DIFFERENT, and when it must say SKIPPED instead. */
class PipelineStateTest {
    @Test
    void aFullLoadCarriesTheTablesEarlierRowsSoTheCheckRuns() {
        assertThat(PipelineState.skipReason(options(false), false, 1_000)).isNull();
        assertThat(PipelineState.skipReason(options(false), true, 0)).as("a resumed slot, the table empty before the run")
                .isNull();
    }

    @Test
    void aResumedSlotOnATableWithRowsOrKeptDataIsSkippedWithItsReason() {
        assertThat(PipelineState.skipReason(options(false), true, 1_000))
                .contains("resumed replication slot " + PipelineOptions.SLOT).contains("1,000 rows");
        assertThat(PipelineState.skipReason(options(true), false, 0)).contains("--keep-data");
    }

    private static PipelineOptions options(boolean keepData) {
        return new PipelineOptions(Path.of("unused"), keepData, null, null, null, 5, 0, 0, null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1024, Duration.ofSeconds(1), 8081, 1, Duration.ofSeconds(5), Compression.NONE);
    }
}
