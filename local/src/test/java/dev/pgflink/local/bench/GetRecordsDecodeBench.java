package dev.pgflink.local.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.AWSStaticCredentialsProvider;
import org.apache.flink.kinesis.shaded.com.amazonaws.auth.BasicAWSCredentials;
import org.apache.flink.kinesis.shaded.com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesis;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.AmazonKinesisClientBuilder;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.GetRecordsRequest;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.GetRecordsResult;
import org.apache.flink.kinesis.shaded.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.kinesis.shaded.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.kinesis.shaded.com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * What the Kinesis consumer's SDK (the AWS SDK v1 shaded into flink-connector-kinesis) spends on one
 * GetRecords response, in the JSON protocol kinesalite speaks and in the CBOR protocol real Kinesis
 * answers it in: the same 10,000 records, served as canned bytes by a loopback HTTP server, so
 * that only the protocol differs. CPU of the calling thread only (the SDK call runs in it: request,
 * HTTP, unmarshalling); the server's threads are not counted.
 *
 * <p>Not an emulator for tests: the responses are fixed bytes, written here in each protocol's shape
 * (JSON: {@code Data} in base64, arrival time in epoch seconds; CBOR: {@code Data} as a byte string,
 * arrival time in epoch milliseconds, as the SDK's {@code DateCborUnmarshaller} reads it). kinesis-mock
 * speaks CBOR but cannot be filled at this scale (docs/benchmarks.md).
 *
 * <p>Run: {@code ./mvnw -q -pl local -Pbench test-compile exec:exec -Dbench.cborDisable=false
 * -Dbench.main=dev.pgflink.local.bench.GetRecordsDecodeBench -Dbench.args="ROUNDS"}.
 */
public final class GetRecordsDecodeBench {
    private static final int RECORDS = 10_000;
    /** The shaded SDK's own switch: the property name was relocated with the package. */
    private static final String DISABLE_CBOR = "org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCbor";

    private GetRecordsDecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        if ("true".equals(System.getenv("AWS_CBOR_DISABLE"))) {
            throw new IllegalStateException("AWS_CBOR_DISABLE=true would force JSON: run with -Dbench.cborDisable=false");
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        byte[] json = body(new JsonFactory(), false);
        byte[] cbor = body(new CBORFactory(), true);
        System.out.printf("one response of %,d records: JSON %,d bytes, CBOR %,d bytes%n", RECORDS, json.length,
                cbor.length);
        AtomicReference<String> lastContentType = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream ignored = exchange.getRequestBody()) {
                ignored.readAllBytes();
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            lastContentType.set(type);
            byte[] response = type != null && type.contains("cbor") ? cbor : json;
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
        try {
            AmazonKinesis client = AmazonKinesisClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(
                            "http://127.0.0.1:" + server.getAddress().getPort(), "us-east-1"))
                    .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("bench", "bench")))
                    .build();
            for (int pass = 1; pass <= 2; pass++) {
                for (boolean useCbor : new boolean[] {false, true}) {
                    System.setProperty(DISABLE_CBOR, Boolean.toString(!useCbor));
                    double micros = measure(client, rounds);
                    System.out.printf("pass %d, %-4s (%s): %.2f µs of SDK CPU per record%n", pass,
                            useCbor ? "CBOR" : "JSON", lastContentType.get(), micros);
                    if (useCbor != lastContentType.get().contains("cbor")) {
                        throw new IllegalStateException("the SDK did not speak " + (useCbor ? "CBOR" : "JSON"));
                    }
                }
            }
        } finally {
            server.stop(0);
        }
    }

    /** CPU per record of the calling thread over {@code rounds} GetRecords calls, after as many to warm up. */
    private static double measure(AmazonKinesis client, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GetRecordsRequest request = new GetRecordsRequest().withShardIterator("bench-iterator").withLimit(RECORDS);
        for (int i = 0; i < rounds; i++) {
            check(client.getRecords(request));
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            check(client.getRecords(request));
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e3 / ((long) rounds * RECORDS);
    }

    private static void check(GetRecordsResult result) {
        if (result.getRecords().size() != RECORDS || result.getRecords().get(RECORDS - 1).getData().remaining() == 0) {
            throw new IllegalStateException("unexpected response: " + result.getRecords().size() + " records");
        }
    }

    /** A GetRecordsResult as each protocol carries it. */
    private static byte[] body(JsonFactory factory, boolean cbor) throws IOException {
        BenchRecords render = new BenchRecords();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator gen = factory.createGenerator(bytes)) {
            gen.writeStartObject();
            gen.writeNumberField("MillisBehindLatest", 0);
            gen.writeStringField("NextShardIterator", "bench-iterator");
            gen.writeArrayFieldStart("Records");
            for (int id = 0; id < RECORDS; id++) {
                long arrivalMillis = BenchRecords.T0 + id;
                gen.writeStartObject();
                if (cbor) {
                    gen.writeNumberField("ApproximateArrivalTimestamp", arrivalMillis);
                } else {
                    gen.writeNumberField("ApproximateArrivalTimestamp", arrivalMillis / 1000.0);
                }
                gen.writeFieldName("Data");
                gen.writeBinary(render.insert(id));
                gen.writeStringField("PartitionKey", BenchRecords.partitionKey(id));
                gen.writeStringField("SequenceNumber",
                        "49590338271490256608559692538361571095921575989" + String.format("%09d", id));
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
