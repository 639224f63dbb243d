package dev.pgflink.core.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.pgflink.core.Fixtures;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.flat.FlattenTransform;
import dev.pgflink.core.flat.TransformResult;
import java.io.IOException;
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
 * JSON-to-JSON transform must do). Records are the nine sample orders as DMS writes them
 * ({@code json-unformatted}), 599 bytes on average.
 *
 * <p>Run: {@code ./mvnw -q -pl core -Pbench test-compile exec:exec}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 6, time = 2)
@OperationsPerInvocation(FlattenTransformBenchmark.RECORDS)
public class FlattenTransformBenchmark {
    static final int RECORDS = 9;

    private byte[][] records;
    private final FlattenTransform transform = new FlattenTransform();
    private final ByteArrayBuilder copyBuffer = new ByteArrayBuilder(1024);

    @Setup
    public void loadRecords() {
        records = Fixtures.lines("sample/nine-orders.jsonl").toArray(new byte[0][]);
        if (records.length != RECORDS) {
            throw new IllegalStateException("expected the nine sample orders, found " + records.length);
        }
        long totalBytes = 0;
        for (byte[] record : records) {
            totalBytes += record.length;
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
