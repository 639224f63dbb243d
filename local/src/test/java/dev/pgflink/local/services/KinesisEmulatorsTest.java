package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Both Kinesis emulators, through the real SDK v2 client: create, PutRecords, GetRecords. */
@ExtendWith(LocalServicesExtension.class)
class KinesisEmulatorsTest {

    private static List<byte[]> dmsRecords(int count) {
        DmsRecordWriter writer = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DmsMetadata metadata = DmsMetadata.builder().timestampMicros(1_734_355_478_504_090L + i)
                    .operation(Operation.INSERT).partitionKeyType("schema-table")
                    .schemaName("delivery").tableName("orders").transactionId(554249L).build();
            records.add(writer.write(DmsRecord.data(metadata,
                    JsonNodeFactory.instance.objectNode().put("id", i).put("customer_name", "Customer " + i), null)));
        }
        return records;
    }

    /** Puts records, reads every shard from the start, and returns what came back. */
    private static List<byte[]> putAndReadBack(KinesisService kinesis, List<byte[]> records) {
        try (KinesisClient client = kinesis.newClient()) {
            String stream = LocalServicesExtension.uniqueName("orders");
            kinesis.createStream(client, stream, 2);
            PutRecordsResponse put = client.putRecords(r -> r.streamName(stream).records(records.stream()
                    .map(bytes -> PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(bytes))
                            .partitionKey("delivery.orders." + new DmsRecordParser().parse(bytes).record().data().get("id"))
                            .build())
                    .collect(Collectors.toList())));
            assertThat(put.failedRecordCount()).isZero();

            List<byte[]> read = new ArrayList<>();
            for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
                String iterator = client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                List<Record> got = client.getRecords(r -> r.shardIterator(iterator).limit(1000)).records();
                got.forEach(record -> read.add(record.data().asByteArray()));
            }
            return read;
        }
    }

    @Test
    void kinesisMockStoresAndReturnsRecordsByteForByte(KinesisService kinesis) {
        List<byte[]> records = dmsRecords(20);

        assertThat(putAndReadBack(kinesis, records)).hasSize(20).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void kinesaliteStoresAndReturnsRecordsByteForByte(Kinesalite kinesis) {
        List<byte[]> records = dmsRecords(20);

        assertThat(putAndReadBack(kinesis, records)).hasSize(20).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void theDefaultKinesisIsKinesisMockWhichSpeaksCbor(KinesisService kinesis) {
        if (!LocalServicesExtension.useLocalStack()) {
            assertThat(kinesis).isInstanceOf(KinesisMock.class);
        }
        assertThat(kinesis.supportsCbor()).isTrue();
    }

    @Test
    void bothEmulatorsListenOnLoopbackOnly(KinesisMock mock, Kinesalite lite) throws IOException {
        List<String> listening = Files.readAllLines(Paths.get("/proc/net/tcp"));
        listening.addAll(Files.readAllLines(Paths.get("/proc/net/tcp6")));

        for (int port : List.of(mock.port(), lite.port())) {
            String hexPort = String.format(":%04X ", port);
            List<String> sockets = listening.stream()
                    .filter(line -> line.contains(hexPort) && line.trim().split("\\s+")[3].equals("0A"))
                    .collect(Collectors.toList());
            assertThat(sockets).as("listening sockets on port " + port).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.trim().split("\\s+")[1]).startsWith("0100007F:"));
        }
    }

    @Test
    void kinesaliteSurvivesAClientThatDropsMidRequest(Kinesalite kinesis) throws Exception {
        // A killed producer leaves a half-sent request behind; kinesalite used to crash on it.
        try (java.net.Socket socket = new java.net.Socket(Loopback.HOST, kinesis.port())) {
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/x-amz-json-1.1\r\nX-Amz-Target: Kinesis_20131202.PutRecords\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"Records\":[").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
            socket.setSoLinger(true, 0);
        }
        Thread.sleep(500);

        try (KinesisClient client = kinesis.newClient()) {
            assertThat(client.listStreams().streamNames()).isNotNull();
        }
    }
}
