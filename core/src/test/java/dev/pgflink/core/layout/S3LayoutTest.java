package dev.pgflink.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LayoutTest {
    private static final long AT = Instant.parse("2024-12-16T13:24:38.504Z").toEpochMilli();
    private static final long WINDOW = Instant.parse("2024-12-16T13:24:00Z").toEpochMilli();
    private final S3Layout layout = S3Layout.defaults();

    @Test
    void everyFlinkOutputHasItsOwnPrefix() {
        assertThat(layout.prefix(FlinkOutput.RAW)).isEqualTo("flink/raw/");
        assertThat(layout.prefix(FlinkOutput.TRANSFORMED)).isEqualTo("flink/transformed/");
        assertThat(layout.prefix(FlinkOutput.CONTROL)).isEqualTo("flink/control/");
        assertThat(layout.prefix(FlinkOutput.ERRORS)).isEqualTo("flink/errors/");
    }

    @Test
    void rawAndErrorsArePartitionedByArrivalHour() {
        assertThat(layout.key(FlinkOutput.RAW, layout.rawBucket(AT), "part-0-0.jsonl"))
                .isEqualTo("flink/raw/dt=2024-12-16/hour=13/part-0-0.jsonl");
        assertThat(layout.errorsBucket(AT)).isEqualTo("dt=2024-12-16/hour=13");
    }

    @Test
    void transformedFilesArePerTableAndWindow() {
        assertThat(layout.key(FlinkOutput.TRANSFORMED, layout.transformedBucket("delivery", "orders", WINDOW), "part-1.jsonl"))
                .isEqualTo("flink/transformed/delivery/orders/window=20241216T132400Z/part-1.jsonl");
        assertThat(S3Layout.isManifest("flink/transformed/delivery/orders/window=20241216T132400Z/_manifest-1a-0.json"))
                .isTrue();
        assertThat(S3Layout.isManifest("flink/transformed/delivery/orders/window=20241216T132400Z/part-1a-0.jsonl"))
                .isFalse();
    }

    @Test
    void controlRecordsArePerTableAndDay() {
        assertThat(layout.controlBucket("delivery", "orders", AT)).isEqualTo("delivery/orders/dt=2024-12-16");
        assertThat(layout.controlBucket("", "", AT)).isEqualTo("_/_/dt=2024-12-16");
    }

    @Test
    void firehoseKeysFollowFirehoseNaming() {
        UUID id = UUID.fromString("0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11");
        Instant time = Instant.parse("2024-12-16T13:24:38.504Z");

        assertThat(layout.firehoseKey(FirehoseOutput.TRANSFORMED, "cdc-orders", 1, time, id))
                .isEqualTo("firehose/transformed/2024/12/16/13/cdc-orders-1-2024-12-16-13-24-38-" + id);
        assertThat(layout.firehoseKey(FirehoseOutput.PROCESSING_FAILED, "cdc-orders", 1, time, id))
                .startsWith("firehose/errors/processing-failed/2024/12/16/13/");
        assertThat(layout.prefix(FirehoseOutput.RAW)).isEqualTo("firehose/raw/");
    }

    @Test
    void rootsAreConfigurable() {
        S3Layout custom = new S3Layout("team/cdc/flink", "team/cdc/firehose");

        assertThat(custom.key(FlinkOutput.TRANSFORMED, custom.transformedBucket("s", "t", WINDOW), "part-0.jsonl"))
                .isEqualTo("team/cdc/flink/transformed/s/t/window=20241216T132400Z/part-0.jsonl");
        assertThatThrownBy(() -> new S3Layout("/flink", "firehose")).hasMessageContaining("flink root");
        assertThatThrownBy(() -> new S3Layout("same", "same")).hasMessageContaining("must differ");
    }

    @Test
    void windowLabelsRoundTripAndShowMillisecondsOnlyWhenNeeded() {
        assertThat(S3Layout.windowLabel(WINDOW)).isEqualTo("20241216T132400Z");
        assertThat(S3Layout.windowLabel(WINDOW + 500)).isEqualTo("20241216T132400.500Z");
        assertThat(S3Layout.parseWindowLabel("20241216T132400Z")).isEqualTo(WINDOW);
        assertThat(S3Layout.parseWindowLabel("20241216T132400.500Z")).isEqualTo(WINDOW + 500);
    }

    @Test
    void readersSkipManifestsAndInProgressFiles() {
        assertThat(S3Layout.holdsRecords("flink/transformed/s/t/window=1/part-1.jsonl")).isTrue();
        assertThat(S3Layout.holdsRecords("flink/transformed/s/t/window=1/_manifest-0-0.json")).isFalse();
        assertThat(S3Layout.holdsRecords("flink/raw/dt=1/_part-0-1_tmp_8f")).isFalse();
        assertThat(S3Layout.holdsRecords("flink/raw/dt=1/.part-0.inprogress")).isFalse();
        assertThat(S3Layout.holdsRecords("flink/raw/dt=1/")).isFalse();
    }

    @Test
    void onlyCommittedPartFileNamesAreCommittedFlinkParts() {
        String part = "flink/raw/dt=1/hour=2/part-6d2cabb2-fedb-4223-8d00-96d293b11818-12.jsonl";
        assertThat(S3Layout.isCommittedFlinkPart(part)).isTrue();
        assertThat(S3Layout.isCommittedFlinkPart("flink/transformed/s/t/window=1/late-part-6d2cabb2-0-3.jsonl")).isTrue();
        assertThat(S3Layout.isCommittedFlinkPart(part + "-" + UUID.randomUUID())).as("S3Proxy's copy before rename")
                .isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/transformed/s/t/window=1/_manifest-6d2cabb2-0.json")).isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/raw/dt=1/_part-6d2cabb2-1.jsonl_tmp_8f")).isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/raw/dt=1/.part-6d2cabb2-1.jsonl.inprogress")).isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/raw/dt=1/")).isFalse();
    }

    @Test
    void gzipPartsAndObjectsAreRecognisedByTheirSuffix() {
        String part = "flink/raw/dt=1/hour=2/part-6d2cabb2-fedb-4223-8d00-96d293b11818-12.jsonl.gz";
        assertThat(S3Layout.isCommittedFlinkPart(part)).isTrue();
        assertThat(S3Layout.isCommittedFlinkPart(part + "-" + UUID.randomUUID())).isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/raw/dt=1/.part-6d2cabb2-1.jsonl.gz.inprogress.4f2a")).isFalse();
        assertThat(S3Layout.isCommittedFlinkPart("flink/raw/dt=1/part-6d2cabb2-1.jsonl.zip")).isFalse();

        UUID id = UUID.fromString("0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11");
        String key = layout.firehoseKey(FirehoseOutput.TRANSFORMED, "cdc-orders", 1,
                Instant.parse("2024-12-16T13:24:38.504Z"), id, Compression.GZIP);
        assertThat(key).isEqualTo("firehose/transformed/2024/12/16/13/cdc-orders-1-2024-12-16-13-24-38-" + id + ".gz");
        assertThat(S3Layout.isFirehoseObject(key)).isTrue();
        assertThat(S3Layout.isFirehoseObject(key + "-" + UUID.randomUUID())).isFalse();
    }

    @Test
    void onlyNamesFirehoseGivesAreFirehoseObjects() {
        String key = layout.firehoseKey(FirehoseOutput.TRANSFORMED, "cdc-orders-parity", 1, Instant.ofEpochMilli(AT),
                UUID.randomUUID());
        assertThat(S3Layout.isFirehoseObject(key)).isTrue();
        assertThat(S3Layout.isFirehoseObject(key + "-" + UUID.randomUUID())).as("S3Proxy's copy before rename").isFalse();
        assertThat(S3Layout.isFirehoseObject("firehose/transformed/2024/12/16/13/")).isFalse();
        assertThat(S3Layout.isFirehoseObject("flink/raw/dt=1/part-6d2cabb2-1.jsonl")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "Orders_2024", "order items", "a/b", "déjà", "~x", "%20", "_", ".", "..", "", "emoji😀"})
    void schemaAndTableNamesRoundTripAsSafeSegments(String name) {
        String segment = S3Layout.encodeSegment(name);

        assertThat(segment).matches("[A-Za-z0-9_.~-]+").isNotIn(".", "..");
        assertThat(S3Layout.decodeSegment(segment)).isEqualTo(name);
    }

    @Test
    void plainNamesAreKeptAsTheyAre() {
        assertThat(S3Layout.encodeSegment("order_items-v2.1")).isEqualTo("order_items-v2.1");
        assertThat(S3Layout.encodeSegment("a b")).isEqualTo("a~20b");
    }
}
