package dev.pgflink.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Record;
import com.amazonaws.services.lambda.runtime.events.KinesisAnalyticsInputPreprocessingResponse.Result;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.pgflink.core.flat.FlattenTransform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FirehoseTransformHandlerTest {
    private final FirehoseTransformHandler handler = new FirehoseTransformHandler();

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theNineOrderSampleBecomesNineJsonLines() {
        KinesisFirehoseEvent event = EventLoader.loadKinesisFirehoseEvent("firehose-nine-orders.json");

        List<Record> records = handler.handleRequest(event, null).getRecords();

        FlattenTransform transform = new FlattenTransform();
        List<byte[]> sample = sampleLines();
        // The event file holds the sample records base64-encoded, as Firehose sends them.
        assertThat(event.getRecords().subList(0, 9).stream().map(r -> toBytes(r.getData())).collect(Collectors.toList()))
                .containsExactlyElementsOf(sample);
        List<String> expected = sample.stream().map(bytes -> transform.apply(bytes).lineText()).collect(Collectors.toList());
        assertThat(records.subList(0, 9)).extracting(Record::getResult).containsOnly(Result.Ok);
        assertThat(records.subList(0, 9).stream().map(r -> text(r.getData()))).containsExactlyElementsOf(expected);
        assertThat(text(records.get(8).getData())).contains("\"customer_name\":\"Olivia Moore\"").doesNotContain("driver_id")
                .endsWith("}\n");
        assertThat(records).extracting(Record::getRecordId)
                .containsExactlyElementsOf(event.getRecords().stream().map(KinesisFirehoseEvent.Record::getRecordId)
                        .collect(Collectors.toList()));
    }

    @Test
    void controlRecordsAreOkAndBadRecordsFailWithTheirOriginalBytes() {
        KinesisFirehoseEvent event = EventLoader.loadKinesisFirehoseEvent("firehose-nine-orders.json");

        List<Record> records = handler.handleRequest(event, null).getRecords();

        assertThat(records.get(9).getResult()).isEqualTo(Result.Ok);
        assertThat(text(records.get(9).getData())).startsWith("{\"__op\":\"add-column\"");
        assertThat(records.get(10).getResult()).isEqualTo(Result.ProcessingFailed);
        assertThat(text(records.get(10).getData())).isEqualTo("{\"data\":{\"id\":1}");
        assertThat(records.get(11).getResult()).isEqualTo(Result.ProcessingFailed);
        assertThat(records).noneMatch(r -> r.getResult() == Result.Dropped);
    }

    @Test
    void aRecordThatIsNotStrictUtf8FailsWithItsOriginalBytes() {
        // C0 AF: '/' as an overlong two-byte sequence, which Jackson alone lets through.
        byte[] overlong = concat("{\"data\":{\"id\":1,\"path\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF},
                "b\"},\"metadata\":{\"timestamp\":\"2024-12-16T13:24:38.504090Z\",\"record-type\":\"data\","
                        + "\"operation\":\"insert\",\"schema-name\":\"s\",\"table-name\":\"t\"}}");
        KinesisFirehoseEvent event = new KinesisFirehoseEvent();
        KinesisFirehoseEvent.Record in = new KinesisFirehoseEvent.Record();
        in.setRecordId("overlong");
        in.setData(ByteBuffer.wrap(overlong));
        event.setRecords(List.of(in));

        Record out = handler.handleRequest(event, null).getRecords().get(0);

        assertThat(out.getResult()).isEqualTo(Result.ProcessingFailed);
        assertThat(toBytes(out.getData())).isEqualTo(overlong);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    @Test
    void aBatchOverTheResponseLimitFailsTheRestInsteadOfTheWholeInvocation() {
        String padding = "x".repeat(900_000);
        KinesisFirehoseEvent event = new KinesisFirehoseEvent();
        List<KinesisFirehoseEvent.Record> in = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            KinesisFirehoseEvent.Record record = new KinesisFirehoseEvent.Record();
            record.setRecordId("r" + i);
            record.setData(ByteBuffer.wrap(("{\"data\":{\"id\":" + i + ",\"note\":\"" + padding + "\"},\"metadata\":{"
                    + "\"timestamp\":\"2024-12-16T13:24:38.504090Z\",\"record-type\":\"data\",\"operation\":\"insert\","
                    + "\"schema-name\":\"s\",\"table-name\":\"t\"}}").getBytes(StandardCharsets.UTF_8)));
            in.add(record);
        }
        event.setRecords(in);

        KinesisAnalyticsInputPreprocessingResponse response = handler.handleRequest(event, null);

        List<Result> results = response.getRecords().stream().map(Record::getResult).collect(Collectors.toList());
        long okBytes = response.getRecords().stream().mapToLong(r -> 4L * ((r.getData().remaining() + 2) / 3)).sum();
        assertThat(results).startsWith(Result.Ok, Result.Ok, Result.Ok, Result.Ok, Result.Ok)
                .endsWith(Result.ProcessingFailed).hasSize(8);
        assertThat(okBytes).isLessThanOrEqualTo(6L * 1024 * 1024);
        assertThat(response.getRecords()).extracting(Record::getRecordId).containsExactly("r0", "r1", "r2", "r3", "r4",
                "r5", "r6", "r7");
    }

    private static List<byte[]> sampleLines() {
        try (var in = FirehoseTransformHandlerTest.class.getResourceAsStream("/sample/nine-orders.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> l.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
