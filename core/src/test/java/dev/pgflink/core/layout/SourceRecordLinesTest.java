package dev.pgflink.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.dms.ErrorType;
import dev.pgflink.core.dms.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceRecordLinesTest {
    private static final SourceRecord RECORD = new SourceRecord("cdc", "shardId-000000000001",
            "49656984238478954895467354654000012", "delivery.orders", 1_734_355_478_504L,
            new byte[] {'{', (byte) 0xC3, 0x28, '\n', 0, '}'});

    @Test
    void rawLinesKeepTheBytesExactlyAndTheKinesisMetadata() {
        String line = new String(new RawLineEncoder().raw(RECORD.stream(), RECORD.shardId(), RECORD.sequenceNumber(),
                RECORD.partitionKey(), RECORD.approximateArrivalMillis(), RECORD.data()), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").hasLineCount(1)
                .startsWith("{\"stream\":\"cdc\",\"shard_id\":\"shardId-000000000001\","
                        + "\"sequence_number\":\"49656984238478954895467354654000012\",\"partition_key\":\"delivery.orders\","
                        + "\"approximate_arrival\":\"2024-12-16T13:24:38.504Z\",\"data\":\"");
        assertThat(SourceRecordLines.read(line)).isEqualTo(RECORD);
    }

    @Test
    void errorLinesAddTheErrorTypeAndReason() {
        String line = new String(SourceRecordLines.error(new Rejection(ErrorType.NOT_UTF8, "record is not valid UTF-8"),
                RECORD), StandardCharsets.UTF_8);

        assertThat(line).startsWith("{\"error_type\":\"not-utf8\",\"reason\":\"record is not valid UTF-8\",\"stream\":\"cdc\"");
        assertThat(SourceRecordLines.read(line)).isEqualTo(RECORD);
    }
}
