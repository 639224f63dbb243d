package dev.pgflink.local.bench;

import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.config.JobPropertyGroups;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.local.services.LocalS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job's ceiling on this machine: the whole job graph with the Kinesis source replaced by a
 * pre-filled in-memory source ({@link PrefilledRecordSource}), exactly-once checkpoints, into S3Proxy
 * on a directory and into a {@code file://} directory (the same FileSink protocol without S3Proxy).
 * Times from the first record until the job has finished with every file committed (the bounded
 * source ends, the last checkpoint commits), and reports the job's CPU time per record.
 *
 * <p>Run: {@code ./mvnw -q -pl local -Pbench test-compile exec:exec -Dbench.main=dev.pgflink.local.bench.InMemoryJobBench
 * -Dbench.heap=1g -Dbench.args="RECORDS [PARALLELISM CHECKPOINT_MS TARGETS COMPRESSION]"}, TARGETS {@code s3,file}
 * (default), COMPRESSION {@code none} (default) or {@code gzip}.
 */
public final class InMemoryJobBench {
    private InMemoryJobBench() {
    }

    public static void main(String[] args) {
        try {
            long records = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
            int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
            long checkpointMs = args.length > 2 ? Long.parseLong(args[2]) : 1000;
            String targets = args.length > 3 ? args[3] : "s3,file";
            String compression = args.length > 4 ? args[4] : "none";
            System.out.printf("in-memory source, %,d records, parallelism %d, checkpoints every %d ms, compression %s, "
                    + "max heap %d MB%n", records, parallelism, checkpointMs, compression,
                    Runtime.getRuntime().maxMemory() >> 20);
            for (String target : targets.split(",")) {
                run(target, records, parallelism, checkpointMs, compression);
            }
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String target, long records, int parallelism, long checkpointMs, String compression)
            throws Exception {
        Path data = Files.createTempDirectory("pgflink-bench-" + target);
        LocalS3 s3 = null;
        try {
            JobPropertyGroups properties = new JobPropertyGroups().set(JobProperty.STREAM_NAMES, "bench")
                    .set(JobProperty.CHECKPOINT_INTERVAL_MS, checkpointMs).set(JobProperty.PARALLELISM, parallelism)
                    .set(JobProperty.WEB_UI_PORT, 0).set(JobProperty.COMPRESSION, compression);
            Path root;
            if (target.equals("s3")) {
                s3 = LocalS3.startOnDirectory(data);
                try (S3Client client = s3.newClient()) {
                    s3.createBucket(client, "bench");
                }
                properties.set(JobProperty.BASE_PATH, "s3://bench").set(JobProperty.S3_ENDPOINT, s3.endpoint().toString())
                        .set(JobProperty.S3_ACCESS_KEY, s3.accessKey()).set(JobProperty.S3_SECRET_KEY, s3.secretKey());
                root = data.resolve("bench").resolve("flink");
            } else {
                properties.set(JobProperty.BASE_PATH, data.toUri().toString());
                root = data.resolve("flink");
            }
            JobConfig config = JobConfig.from(properties.toMap());
            StreamExecutionEnvironment env = LocalEnvironment.create(config);
            StreamingJob.build(env, config, new PrefilledRecordSource(records, 10_000));
            PrefilledRecordSource.FIRST_RECORD_NANOS.set(0);
            long gcBefore = gcMillis();
            try (ThreadCpu cpu = new ThreadCpu()) {
                cpu.start();
                long submitted = System.nanoTime();
                JobClient job = env.executeAsync("pgflink in-memory bench");
                job.getJobExecutionResult().get();
                long end = System.nanoTime();
                double seconds = (end - PrefilledRecordSource.FIRST_RECORD_NANOS.get()) / 1e9;
                long raw = JobThroughputBench.committedLines(root.resolve("raw"));
                long transformed = JobThroughputBench.committedLines(root.resolve("transformed"));
                System.out.printf("%n[%s] %,d records: first record to all committed %.1f s = %,.0f records/s "
                        + "(submit to finished %.1f s); committed raw %,d, transformed %,d (%,d MB on disk); GC %d ms; "
                        + "load %s%n", target, records, seconds, records / seconds, (end - submitted) / 1e9, raw,
                        transformed, bytesOnDisk(root) >> 20, gcMillis() - gcBefore, loadAverage());
                if (raw != records || transformed != records) {
                    throw new IllegalStateException("committed lines differ from the records sent");
                }
                System.out.print(cpu.report(records));
            }
        } finally {
            if (s3 != null) {
                s3.stop();
            }
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The committed part files' bytes, as stored (compressed or not). */
    private static long bytesOnDisk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> S3Layout.isCommittedFlinkPart(f.getFileName().toString()))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
