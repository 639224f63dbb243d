package dev.pgflink.local.services;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * kinesalite, in memory: 17k–21k records/s, ten times kinesis-mock, for high-volume tests and
 * benchmarks. It speaks no CBOR (see {@link #supportsCbor()}) and has no UpdateShardCount.
 */
public final class Kinesalite extends NodeKinesisEmulator {

    private Kinesalite(int port) {
        super("kinesalite", port, EmulatorFiles.moduleDir(), "node_modules/kinesalite/cli.js",
                List.of("--port", Integer.toString(port), "--createStreamMs", "50", "--deleteStreamMs", "50",
                        "--updateStreamMs", "50", "--shardLimit", "1000"),
                Map.of(),
                Duration.ofSeconds(30));
    }

    /** Starts kinesalite on a free loopback port. */
    public static Kinesalite start() {
        return start(Loopback.freePort());
    }

    /** Starts kinesalite on the given loopback port. */
    public static Kinesalite start(int port) {
        return new Kinesalite(port);
    }

    @Override
    public String name() {
        return "kinesalite";
    }

    @Override
    public boolean supportsCbor() {
        return false;
    }
}
