package dev.pgflink.core.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.Fixtures;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.DmsRecordWriter;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Flatten-transform throughput on one thread, in records per second, beside a baseline that only
 * copies the same bytes through Jackson's streaming parser into a generator (the least any
 * JSON-to-JSON transform must do). Records are the nine sample orders with a commit timestamp
 * and transaction record id, about 600 bytes each.
 *
 * <p>Run: {@code ./mvnw -q -pl core -Pbench test-compile exec:exec}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@OperationsPerInvocation(FlattenTransformBenchmark.RECORDS)
public class FlattenTransformBenchmark {
    static final int RECORDS = 9;

    private byte[][] records;
    private final FlattenTransform transform = new FlattenTransform();
    private final ByteArrayBuilder copyBuffer = new ByteArrayBuilder(1024);

    @Setup
    public void makeRecords() {
        DmsRecordParser parser = new DmsRecordParser();
        DmsRecordWriter writer = new DmsRecordWriter(MessageFormat.JSON_UNFORMATTED);
        List<byte[]> sample = Fixtures.lines("sample/nine-orders.jsonl");
        records = new byte[RECORDS][];
        long totalBytes = 0;
        for (int i = 0; i < RECORDS; i++) {
            DmsRecord order = parser.parse(sample.get(i)).record();
            DmsRecord withDetails = DmsRecord.data(order.metadata().toBuilder()
                    .transactionRecordId((long) i + 1)
                    .commitTimestamp("2024-12-16T13:24:38.50" + i + "117Z").build(),
                    (ObjectNode) order.data(), null);
            records[i] = writer.write(withDetails);
            totalBytes += records[i].length;
        }
        System.out.println("\nmean record size: " + totalBytes / RECORDS + " bytes");
    }

    @Benchmark
    public void flattenTransform(Blackhole blackhole) {
        for (byte[] record : records) {
            TransformResult result = transform.apply(record);
            blackhole.consume(result.line());
        }
    }

    @Benchmark
    public void streamingCopyBaseline(Blackhole blackhole) throws IOException {
        for (byte[] record : records) {
            copyBuffer.reset();
            try (JsonParser parser = DmsJson.factory().createParser(record);
                    JsonGenerator generator = DmsJson.factory().createGenerator(copyBuffer)) {
                parser.nextToken();
                generator.copyCurrentStructure(parser);
            }
            blackhole.consume(copyBuffer.toByteArray());
        }
    }

    @Benchmark
    public void treeParseAndWrite(Blackhole blackhole) throws IOException {
        for (byte[] record : records) {
            blackhole.consume(DmsJson.mapper().writeValueAsBytes(DmsJson.mapper().readTree(record)));
        }
    }
}
