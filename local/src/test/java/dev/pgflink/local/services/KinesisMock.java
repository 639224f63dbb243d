package dev.pgflink.local.services;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * kinesis-mock (npm {@code kinesis-local}), the engine LocalStack uses: speaks CBOR like real
 * Kinesis and supports UpdateShardCount, but writes only 500–2,100 records/s. Like every
 * emulator here it enforces no shard throughput limits, and it accepts PutRecords batches over
 * 500 records that real Kinesis rejects.
 *
 * <p>Not for large streams: PutRecords groups a batch by the target shard together with that
 * shard's whole record vector, hashing every stored record once per entry
 * ({@code PutRecordsRequest.scala} in 0.6.2), so filling a shard is quadratic (1,233 records/s at
 * 10,000 records, 338/s at 40,000). Single PutRecord calls do not grow but ran at 332 records/s over
 * eight connections, and serving GetRecords costs it about 340 µs of CPU per record.
 */
public final class KinesisMock extends NodeKinesisEmulator {

    private KinesisMock(int port) {
        super("kinesis-mock", port, EmulatorFiles.moduleDir().resolve("node_modules/kinesis-local"), "main.js",
                List.of(),
                Map.of("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port),
                        // It always opens a TLS port as well; give it a free one nobody uses.
                        "KINESIS_MOCK_TLS_PORT", Integer.toString(Loopback.freePort()),
                        "LOG_LEVEL", "WARN",
                        "SHOULD_PERSIST_DATA", "false",
                        "CREATE_STREAM_DURATION", "100ms",
                        "DELETE_STREAM_DURATION", "100ms",
                        "UPDATE_SHARD_COUNT_DURATION", "500ms"),
                Duration.ofSeconds(60));
    }

    /** Starts kinesis-mock on a free loopback port. */
    public static KinesisMock start() {
        return start(Loopback.freePort());
    }

    /** Starts kinesis-mock on the given loopback port. */
    public static KinesisMock start(int port) {
        return new KinesisMock(port);
    }

    @Override
    public String name() {
        return "kinesis-mock";
    }

    @Override
    public boolean supportsCbor() {
        return true;
    }
}
