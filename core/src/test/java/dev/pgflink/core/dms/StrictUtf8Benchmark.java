package dev.pgflink.core.dms;

import dev.pgflink.core.Fixtures;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Why {@link StrictUtf8} is written by hand: it beside the JDK's strict UTF-8 decoder (reused, or
 * new per record as the scanner made one before), on the nine sample orders as they are (ASCII)
 * and with names, places and notes in other scripts (5 % of the bytes non-ASCII, spread out).
 *
 * <p>Run: {@code ./mvnw -q -pl core -Pbench test-compile exec:exec -Dbench.args=StrictUtf8Benchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OperationsPerInvocation(9)
public class StrictUtf8Benchmark {
    @Param({"ascii", "mixed"})
    public String text;

    private byte[][] records;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(4096);

    @Setup
    public void loadRecords() {
        records = Fixtures.lines("sample/nine-orders.jsonl").toArray(new byte[0][]);
        if (text.equals("mixed")) {
            for (int i = 0; i < records.length; i++) {
                records[i] = new String(records[i], StandardCharsets.UTF_8)
                        .replace("Springfield", "Спрингфилд").replace("Customer", "顧客様")
                        .replace("Moore", "Møøré 🚚").replace("order", "Bestellung für Zoë")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    @Benchmark
    public void strictUtf8(Blackhole blackhole) {
        for (byte[] record : records) {
            blackhole.consume(StrictUtf8.firstProblem(record));
        }
    }

    @Benchmark
    public void jdkDecoderReused(Blackhole blackhole) {
        for (byte[] record : records) {
            decoder.reset();
            ByteBuffer in = ByteBuffer.wrap(record);
            CoderResult result;
            do {
                chars.clear();
                result = decoder.decode(in, chars, true);
            } while (result.isOverflow());
            blackhole.consume(result.isError() ? in.position() : -1);
        }
    }

    @Benchmark
    public void jdkDecoderPerRecord(Blackhole blackhole) {
        for (byte[] record : records) {
            CharsetDecoder perRecord = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(record);
            CharBuffer out = CharBuffer.allocate(record.length);
            CoderResult result = perRecord.decode(in, out, true);
            blackhole.consume(result.isError() ? in.position() : -1);
        }
    }
}
