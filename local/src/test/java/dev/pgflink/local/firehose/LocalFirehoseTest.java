package dev.pgflink.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.S3Service;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The local Firehose on a real Kinesis emulator and S3Proxy, with the project's Lambda handler. */
@ExtendWith(LocalServicesExtension.class)
class LocalFirehoseTest {
    private static final S3Layout LAYOUT = S3Layout.defaults();
    private static final String KEY_PATTERN = "firehose/%s/\\d{4}/\\d{2}/\\d{2}/\\d{2}/parity-1-"
            + "\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final String stream = LocalServicesExtension.uniqueName("firehose-src");
    private final String bucket = LocalServicesExtension.uniqueName("firehose-dst");
    private KinesisClient kinesisClient;
    private S3Client s3Client;

    @BeforeEach
    void streamAndBucket(KinesisService kinesis, S3Service s3) {
        kinesisClient = kinesis.newClient();
        s3Client = s3.newClient();
        kinesis.createStream(kinesisClient, stream, 2);
        s3.createBucket(s3Client, bucket);
    }

    @AfterEach
    void closeClients() {
        kinesisClient.close();
        s3Client.close();
    }

    @Test
    void deliversTransformedLinesSourceBackupAndFailuresWithFirehoseKeys() throws Exception {
        List<byte[]> good = List.of(order(1, "insert"), order(2, "insert"), order(1, "update"));
        List<byte[]> bad = List.of(bytes("not json"), bytes("{\"data\":{\"id\":3}"));
        List<byte[]> all = new ArrayList<>(good);
        all.addAll(bad);
        // On the stream before the delivery stream starts: its first read takes all five, one delivery.
        put(all, "delivery.orders");
        try (LocalFirehose firehose = LocalFirehose.start(kinesisClient, s3Client, settings(1024 * 1024, Duration.ZERO))) {
            await(() -> firehose.metrics().recordsDelivered() == 3 && firehose.metrics().recordsFailed() == 2);
            assertThat(firehose.metrics().recordsRead()).isEqualTo(5);
        }

        FlattenTransform transform = new FlattenTransform();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        good.forEach(record -> expected.writeBytes(transform.apply(record).line()));
        List<S3Object> transformed = objects(FirehoseOutput.TRANSFORMED);
        assertThat(transformed).singleElement().satisfies(o -> assertThat(o.key()).matches(String.format(KEY_PATTERN, "transformed")));
        assertThat(concatenated(transformed)).isEqualTo(expected.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        all.forEach(raw::writeBytes);
        List<S3Object> backup = objects(FirehoseOutput.RAW);
        assertThat(backup).singleElement().satisfies(o -> assertThat(o.key()).matches(String.format(KEY_PATTERN, "raw")));
        assertThat(concatenated(backup)).as("the source backup is every record's bytes, unchanged")
                .isEqualTo(raw.toString(StandardCharsets.UTF_8));

        List<JsonNode> failures = new ArrayList<>();
        for (String line : concatenated(objects(FirehoseOutput.PROCESSING_FAILED)).split("\n")) {
            failures.add(DmsJson.mapper().readTree(line));
        }
        assertThat(failures).extracting(f -> f.path("errorCode").asText()).containsOnly("Lambda.ProcessingFailedStatus");
        assertThat(failures).extracting(f -> new String(Base64.getDecoder().decode(f.path("rawData").asText()),
                StandardCharsets.UTF_8)).containsExactlyInAnyOrder("not json", "{\"data\":{\"id\":3}");
        assertThat(failures).allSatisfy(f -> assertThat(f.path("arrivalTimestamp").asLong()).isPositive());
    }

    @Test
    void deliversWhenTheSizeHintIsReachedAndTheRestOnClose() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(order(100 + i, "insert"));
        }
        long total = records.stream().mapToLong(r -> r.length).sum();
        long hint = total / 4;
        try (LocalFirehose firehose = LocalFirehose.start(kinesisClient, s3Client, settings(hint, Duration.ofMinutes(10)))) {
            put(records.subList(0, 30), "delivery.orders");
            await(() -> firehose.metrics().recordsDelivered() >= 20);
            assertThat(firehose.metrics().recordsDelivered()).as("the size hint, not the 10-minute interval, delivered")
                    .isLessThan(40);
            put(records.subList(30, 40), "delivery.orders");
            await(() -> firehose.metrics().recordsRead() == 40);
        }
        List<S3Object> transformed = objects(FirehoseOutput.TRANSFORMED);
        assertThat(String.join("", concatenated(transformed)).split("\n")).hasSize(40);
        assertThat(transformed).hasSizeGreaterThanOrEqualTo(4);
        long largestRecord = records.stream().mapToLong(r -> r.length).max().orElseThrow();
        assertThat(objects(FirehoseOutput.RAW)).allSatisfy(o -> assertThat(o.size()).isLessThanOrEqualTo(hint + largestRecord));
    }

    @Test
    void aProcessorThatKeepsFailingSendsItsBatchToTheErrorPrefix() throws Exception {
        try (LocalFirehose firehose = LocalFirehose.start(kinesisClient, s3Client, settings(1024 * 1024, Duration.ZERO),
                (event, context) -> {
                    throw new IllegalStateException("function error");
                })) {
            put(List.of(order(7, "insert"), order(8, "insert")), "delivery.orders");
            await(() -> firehose.metrics().recordsFailed() == 2);
        }
        assertThat(objects(FirehoseOutput.TRANSFORMED)).isEmpty();
        assertThat(concatenated(objects(FirehoseOutput.PROCESSING_FAILED)).split("\n"))
                .allSatisfy(line -> assertThat(line).contains("\"errorCode\":\"Lambda.FunctionError\""));
        assertThat(objects(FirehoseOutput.RAW)).isNotEmpty();
    }

    @Test
    void readsParentAndChildShardsEachOnceAcrossAReshard(KinesisService kinesis) throws Exception {
        String resharded = LocalServicesExtension.uniqueName("firehose-reshard");
        kinesis.createStream(kinesisClient, resharded, 1);
        FirehoseSettings settings = FirehoseSettings.defaults("parity", resharded, bucket)
                .withBuffering(1024 * 1024, Duration.ZERO);
        try (LocalFirehose firehose = LocalFirehose.start(kinesisClient, s3Client, settings)) {
            putMany(resharded, 0, 100);
            await(() -> firehose.metrics().recordsDelivered() == 100);
            kinesisClient.updateShardCount(r -> r.streamName(resharded).targetShardCount(2)
                    .scalingType(software.amazon.awssdk.services.kinesis.model.ScalingType.UNIFORM_SCALING));
            KinesisService.awaitActive(kinesisClient, resharded, Duration.ofSeconds(30));
            assertThat(kinesisClient.listShards(r -> r.streamName(resharded)).shards()).hasSizeGreaterThan(1);
            putMany(resharded, 100, 200);
            await(() -> firehose.metrics().recordsDelivered() >= 200);
        }
        List<String> lines = List.of(concatenated(objects(FirehoseOutput.TRANSFORMED)).split("\n"));
        assertThat(lines).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void settingsRefuseValuesFirehoseWouldRefuse() {
        FirehoseSettings defaults = FirehoseSettings.defaults("parity", stream, bucket);
        assertThat(defaults.bufferBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.bufferInterval()).isEqualTo(Duration.ofSeconds(60));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withBuffering(1, Duration.ofSeconds(-1)))
                .hasMessageContaining("bufferInterval");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withProcessorBytes(4 * 1024 * 1024))
                .hasMessageContaining("processorBytes");
    }

    private FirehoseSettings settings(long bytes, Duration interval) {
        return FirehoseSettings.defaults("parity", stream, bucket).withBuffering(bytes, interval);
    }

    private static byte[] order(int id, String op) {
        return bytes("{\"data\":{\"id\":" + id + ",\"status\":\"Pending\",\"total_amount\":27.3},\"metadata\":{"
                + "\"timestamp\":\"2024-12-16T13:24:38.5040" + (10 + id % 90) + "Z\",\"record-type\":\"data\",\"operation\":\""
                + op + "\",\"partition-key-type\":\"schema-table\",\"schema-name\":\"delivery\",\"table-name\":\"orders\","
                + "\"transaction-id\":" + (554249 + id) + "}}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void putMany(String target, int from, int to) {
        for (int id = from; id < to; id++) {
            byte[] record = order(1_000 + id, "insert");
            String key = "key-" + id % 7;
            kinesisClient.putRecord(r -> r.streamName(target).partitionKey(key).data(SdkBytes.fromByteArray(record)));
        }
    }

    private void put(List<byte[]> records, String partitionKey) {
        for (byte[] record : records) {
            // One by one, so the order on the shard is the order here.
            kinesisClient.putRecord(r -> r.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(record)));
        }
    }

    private List<S3Object> objects(FirehoseOutput output) {
        List<S3Object> objects = new ArrayList<>();
        s3Client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(LAYOUT.prefix(output))).contents().forEach(objects::add);
        return objects;
    }

    /** The objects' contents, one after the other. */
    private String concatenated(List<S3Object> objects) {
        StringBuilder text = new StringBuilder();
        objects.forEach(o -> text.append(s3Client.getObjectAsBytes(r -> r.bucket(bucket).key(o.key()))
                        .asString(StandardCharsets.UTF_8)));
        return text.toString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
