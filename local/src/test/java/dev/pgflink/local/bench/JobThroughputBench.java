package dev.pgflink.local.bench;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.job.LocalEnvironment;
import dev.pgflink.job.StreamingJob;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisMock;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job's throughput with exactly-once on: pre-fills an emulator (kinesalite, the fast one, by default) with DMS
 * records, starts the job from TRIM_HORIZON and times until every record is committed to raw and
 * transformed on the S3 emulator (a directory, counted on disk).
 *
 * <p>Run: {@code ./mvnw -q -pl local -Pbench test-compile exec:exec -Dbench.args="RECORDS [GETRECORDS_MAX
 * INTERVAL_MS PARALLELISM CHECKPOINT_MS EMULATOR COMPRESSION]"}, EMULATOR {@code kinesalite} (default: JSON, the
 * consumer decodes base64 text) or {@code kinesis-mock} (CBOR with the bytes as they are, as real Kinesis answers;
 * add {@code -Dbench.cborDisable=false}, or the consumer still asks for JSON), COMPRESSION {@code none} or
 * {@code gzip}.
 */
public final class JobThroughputBench {
    private JobThroughputBench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            // The MiniCluster's and S3Proxy's threads would keep a failed run alive.
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        String getRecordsMax = args.length > 1 ? args[1] : "10000";
        String intervalMs = args.length > 2 ? args[2] : "50";
        String parallelism = args.length > 3 ? args[3] : "2";
        String checkpointMs = args.length > 4 ? args[4] : "1000";
        String emulator = args.length > 5 ? args[5] : "kinesalite";
        String compression = args.length > 6 ? args[6] : "none";
        System.out.printf("%s, compression %s, AWS_CBOR_DISABLE=%s%n", emulator, compression,
                System.getenv("AWS_CBOR_DISABLE"));
        Path data = Files.createTempDirectory("pgflink-bench-s3");
        try (KinesisService kinesis = emulator.equals("kinesis-mock") ? KinesisMock.start() : Kinesalite.start();
                LocalS3 s3 = LocalS3.startOnDirectory(data);
                KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            kinesis.createStream(kinesisClient, "bench", 4);
            s3.createBucket(s3Client, "bench");
            long putStart = System.nanoTime();
            prefill(kinesisClient, records);
            double putSeconds = (System.nanoTime() - putStart) / 1e9;
            System.out.printf("pre-filled %,d records in %.1f s: %s PutRecords %,.0f records/s%n",
                    records, putSeconds, emulator, records / putSeconds);

            long readStart = System.nanoTime();
            long read;
            try (ThreadCpu readCpu = new ThreadCpu()) {
                readCpu.start();
                read = readAll(kinesisClient, Integer.parseInt(getRecordsMax));
                double readSeconds = (System.nanoTime() - readStart) / 1e9;
                System.out.printf("read back %,d records in %.1f s: %s GetRecords alone %,.0f records/s "
                        + "(one reader, shard after shard); CPU per record: %s %.1f µs, this JVM %.1f µs%n",
                        read, readSeconds, emulator, read / readSeconds, emulator, readCpu.children().toNanos() / 1e3 / read,
                        readCpu.process().toNanos() / 1e3 / read);
            }

            JobConfig config = JobConfig.from(LocalJobProperties.against(kinesis, "bench", s3, "bench")
                    .set(JobProperty.GETRECORDS_MAX, getRecordsMax).set(JobProperty.GETRECORDS_INTERVAL_MS, intervalMs)
                    .set(JobProperty.CHECKPOINT_INTERVAL_MS, checkpointMs).set(JobProperty.PARALLELISM, parallelism)
                    .set(JobProperty.WEB_UI_PORT, 0).set(JobProperty.COMPRESSION, compression).toMap());
            StreamExecutionEnvironment env = LocalEnvironment.create(config);
            StreamingJob.build(env, config);
            ThreadCpu cpu = new ThreadCpu();
            cpu.start();
            long start = System.nanoTime();
            JobClient job = env.executeAsync("pgflink throughput bench");
            Path raw = data.resolve("bench").resolve("flink/raw");
            Path transformed = data.resolve("bench").resolve("flink/transformed");
            long rawLines = 0;
            long transformedLines = 0;
            // Steady state: between the polls that find a fifth and four fifths of the records committed. Both
            // ends lag what the job has processed by about the same (records read ahead, not yet committed), so
            // the lag cancels; the job's start and its drain at the end stay outside.
            java.util.Map<ThreadCpu.Role, Long> steadyFrom = null;
            long steadyFromRecords = 0;
            String steady = null;
            while (rawLines < records || transformedLines < records) {
                Thread.sleep(1000);
                rawLines = committedLines(raw);
                transformedLines = committedLines(transformed);
                long committed = Math.min(rawLines, transformedLines);
                if (steadyFrom == null && committed >= records / 5) {
                    steadyFrom = cpu.byRole();
                    steadyFromRecords = committed;
                } else if (steadyFrom != null && steady == null && committed >= records / 5 * 4
                        && committed > steadyFromRecords) {
                    steady = cpu.steadyReport(steadyFrom, committed - steadyFromRecords);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%5.1f s  raw %,d  transformed %,d  (%,.0f records/s)%n", seconds, rawLines,
                        transformedLines, Math.min(rawLines, transformedLines) / seconds);
                if (seconds > 1800) {
                    throw new IllegalStateException("gave up after 30 minutes");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nthe job committed %,d records to raw and transformed in %.1f s: %,.0f records/s "
                    + "(getrecords.max %s, interval %s ms, parallelism %s, checkpoints every %s ms, job start included)%n",
                    records, seconds, records / seconds, getRecordsMax, intervalMs, parallelism, checkpointMs);
            // From the job's start to the last commit, start-up included; polling the directory above runs
            // on the main thread (OTHER). Load: another build on the machine shows here.
            System.out.print(cpu.report(records));
            if (steady != null) {
                System.out.print(steady);
            }
            System.out.println("load average " + InMemoryJobBench.loadAverage());
            cpu.close();
            job.cancel().get();
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void prefill(KinesisClient client, int records) {
        BenchRecords render = new BenchRecords();
        for (int from = 0; from < records; from += 500) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>(500);
            for (int id = from; id < Math.min(records, from + 500); id++) {
                batch.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(render.insert(id)))
                        .partitionKey(BenchRecords.partitionKey(id)).build());
            }
            int failed = client.putRecords(r -> r.streamName("bench").records(batch)).failedRecordCount();
            if (failed > 0) {
                throw new IllegalStateException(failed + " records were not accepted");
            }
        }
    }

    /** Reads every shard from the start with plain GetRecords calls: the emulator's own read rate. */
    private static long readAll(KinesisClient client, int limit) {
        long read = 0;
        for (software.amazon.awssdk.services.kinesis.model.Shard shard
                : client.listShards(r -> r.streamName("bench")).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName("bench").shardId(shard.shardId())
                    .shardIteratorType(software.amazon.awssdk.services.kinesis.model.ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                software.amazon.awssdk.services.kinesis.model.GetRecordsResponse response =
                        client.getRecords(r -> r.shardIterator(current).limit(limit));
                read += response.records().size();
                if (response.records().isEmpty() && response.millisBehindLatest() != null
                        && response.millisBehindLatest() == 0) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return read;
    }

    /**
     * A committed part never changes (the sink writes it under a temporary name and renames it whole), so each
     * file is counted once and polling costs the bench little CPU. A file counted half-written would stay
     * undercounted and the wait would not end: the rename is what makes this safe.
     */
    private static final java.util.Map<Path, Long> COUNTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Lines in committed files (part files; not manifests, not S3Proxy's temporary names) under a directory. */
    static long committedLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] lines = {0};
        // walkFileTree, not walk: S3Proxy renames files while we look, and walk stops at the first one.
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (S3Layout.isCommittedFlinkPart(name)) {
                    try {
                        Long known = COUNTED.get(file);
                        if (known == null) {
                            known = countNewlines(file);
                            COUNTED.put(file, known);
                        }
                        lines[0] += known;
                    } catch (IOException e) {
                        // Renamed while counting; the next poll counts it.
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return lines[0];
    }

    private static long countNewlines(Path file) throws IOException {
        long count = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Compression.decompressing(file.toString(), Files.newInputStream(file))) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
