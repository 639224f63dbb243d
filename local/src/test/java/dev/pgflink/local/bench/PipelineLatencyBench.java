package dev.pgflink.local.bench;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.local.pipeline.LocalPipeline;
import dev.pgflink.local.pipeline.PipelineOptions;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.local.watch.Latencies;
import dev.pgflink.parity.ParityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Commit → transformed-object delay through the whole local pipeline: PostgreSQL commit, capture,
 * kinesalite, the Flink job (1 s checkpoints, 1 s windows) and S3Proxy; the local Firehose beside
 * it with a 1 s buffer. Delays are measured per record from its commit timestamp to the first
 * scan (every 200 ms) that sees its object; the warm-up is left out.
 *
 * <pre>./mvnw -q -pl local -Pbench test-compile exec:exec -Dbench.main=dev.pgflink.local.bench.PipelineLatencyBench -Dbench.args="20 60"</pre>
 * Arguments: changes per second (20), seconds measured (60).
 */
public final class PipelineLatencyBench {
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path data = Files.createTempDirectory("pgflink-latency");
        PipelineOptions options = new PipelineOptions(data, false, null, null, null, rate, 0, 0, null,
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1024 * 1024, Duration.ofSeconds(1), Loopback.freePort(), 2,
                Duration.ofSeconds(10), Compression.NONE);
        LocalPipeline pipeline = LocalPipeline.start(options, System.out);
        try {
            Thread.sleep(WARM_UP.toMillis());
            pipeline.outputs().flinkLatency().reset();
            pipeline.outputs().firehoseLatency().reset();
            long changesBefore = pipeline.generator().changes();
            for (int i = 0; i < seconds / 10; i++) {
                Thread.sleep(10_000);
                System.out.println(pipeline.progressLine());
            }
            long changes = pipeline.generator().changes() - changesBefore;
            System.out.printf("%nlatency bench: %.0f changes/s asked, %,d committed in %d s; window 1 s, checkpoints 1 s, "
                    + "Firehose buffer 1 s%n", rate, changes, seconds);
            print("flink", pipeline.outputs().flinkLatency());
            print("firehose", pipeline.outputs().firehoseLatency());
            ParityReport report = pipeline.stop();
            System.out.println("parity equal: " + (report != null && report.equal()));
        } finally {
            pipeline.close();
        }
    }

    private static void print(String path, Latencies latencies) {
        System.out.printf("  %-8s records %,7d  p50 %,6d ms  p95 %,6d ms  p99 %,6d ms  max %,6d ms%n", path,
                latencies.count(), latencies.percentile(50), latencies.percentile(95), latencies.percentile(99),
                latencies.max());
    }
}
