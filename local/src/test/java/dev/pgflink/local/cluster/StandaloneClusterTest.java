package dev.pgflink.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.SourceRecordLines;
import dev.pgflink.local.job.JobRecords;
import dev.pgflink.local.job.S3Outputs;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.LocalJobProperties;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.LocalServicesExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged job jar submitted, as {@code flink run} submits it, to a standalone session cluster
 * whose configuration sets no checkpoint interval, three times in a row: every record lands once
 * each time (the first run also proves the job turns checkpointing on itself: without it nothing
 * would be committed), and no run's user-code class loader outlives its job in the TaskManager
 * (the shaded AWS SDK v1's MBean registration kept every one alive).
 */
@ExtendWith(LocalServicesExtension.class)
class StandaloneClusterTest {
    private static final int RUNS = 3;
    private static final int RECORDS = 300;
    private static final Path JOB_JAR = Path.of("..", "job", "target", "pgflink-job-0.1.0-SNAPSHOT.jar");

    @Test
    void theJarRunsRepeatedlyOnASessionClusterAndLeavesNoClassLoaderBehind(Kinesalite kinesis, LocalS3 s3,
            @TempDir Path home) throws Exception {
        assertThat(JOB_JAR).as("the job jar (built by `./mvnw package` in job/)").exists();
        Map<String, String> s3Settings = Map.of("s3.endpoint", s3.endpoint().toString(), "s3.path.style.access", "true",
                "s3.access-key", s3.accessKey(), "s3.secret-key", s3.secretKey());
        // kinesalite speaks no CBOR; the connector's shaded SDK v1 reads this variable only.
        Map<String, String> environment = Map.of("AWS_CBOR_DISABLE", "true");
        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(home, s3Settings, environment);
                KinesisClient kinesisClient = kinesis.newClient(); S3Client s3Client = s3.newClient()) {
            List<Long> aliveAfterEachRun = new ArrayList<>();
            Configuration client = new Configuration();
            client.set(RestOptions.ADDRESS, "127.0.0.1");
            client.set(RestOptions.PORT, cluster.restPort());
            try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(client,
                    StandaloneClusterId.getInstance())) {
                for (int run = 1; run <= RUNS; run++) {
                    String stream = LocalServicesExtension.uniqueName("cluster");
                    String bucket = LocalServicesExtension.uniqueName("cluster");
                    kinesis.createStream(kinesisClient, stream, 2);
                    s3.createBucket(s3Client, bucket);
                    JobRecords.put(kinesisClient, stream, JobRecords.inserts(RECORDS), i -> "delivery.orders." + i);
                    Path config = writeJobConfig(home.resolve("job-" + run + ".json"), kinesis, stream, s3, bucket);

                    // The first run with the cluster's configuration alone (no checkpoint interval: the job
                    // must turn checkpoints on itself); later ones as `flink run -D` sets it, to be quick.
                    Configuration submit = new Configuration(client);
                    if (run > 1) {
                        submit.setString("execution.checkpointing.interval", "1 s");
                    }
                    JobID job = rest.submitJob(jobGraph(config, submit)).get();
                    awaitEveryRecord(rest, job, cluster, s3Client, bucket);
                    rest.cancel(job).get();
                    awaitTerminal(rest, job);
                    aliveAfterEachRun.add(awaitFewLoaders(cluster.taskManagerPid()));
                }
            }
            // A run's class loader must be collectable once its job is over (jmap -histo:live runs a
            // full GC). A leak keeps every run's: 1, 2, 3 (as it did before the shade fix). At most the
            // latest job's may linger a little while its resources are released.
            System.out.println("user-code class loaders alive in the TaskManager after each run: " + aliveAfterEachRun);
            assertThat(aliveAfterEachRun).as("user-code class loaders alive in the TaskManager after each run")
                    .hasSize(RUNS).allSatisfy(alive -> assertThat(alive).isLessThanOrEqualTo(1));
        }
    }

    /** The job's configuration file, as a user passes it with {@code --config}. */
    private static Path writeJobConfig(Path file, Kinesalite kinesis, String stream, LocalS3 s3, String bucket)
            throws Exception {
        Map<String, Properties> groups = LocalJobProperties.against(kinesis, stream, s3, bucket)
                .set(JobProperty.WINDOW_SIZE_MS, 10_000).set(JobProperty.GETRECORDS_INTERVAL_MS, 100).toMap();
        StringBuilder json = new StringBuilder("[");
        groups.forEach((group, properties) -> {
            json.append(json.length() > 1 ? "," : "").append("{\"PropertyGroupId\":\"").append(group)
                    .append("\",\"PropertyMap\":{");
            json.append(properties.stringPropertyNames().stream().map(key -> "\"" + key + "\":\""
                    + properties.getProperty(key) + "\"").collect(Collectors.joining(",")));
            json.append("}}");
        });
        Files.writeString(file, json.append("]"), StandardCharsets.UTF_8);
        return file;
    }

    /** What {@code flink run --detached job.jar --config FILE --cluster} builds and sends. */
    private static JobGraph jobGraph(Path config, Configuration client) throws Exception {
        PackagedProgram program = PackagedProgram.newBuilder().setJarFile(JOB_JAR.toFile())
                .setArguments("--config", config.toString(), "--cluster").build();
        return PackagedProgramUtils.createJobGraph(program, client, 2, false);
    }

    private static void awaitEveryRecord(RestClusterClient<StandaloneClusterId> rest, JobID job,
            StandaloneFlinkCluster cluster, S3Client s3, String bucket) throws Exception {
        S3Layout layout = S3Layout.defaults();
        S3Outputs outputs = new S3Outputs(s3, bucket);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            List<String> raw = outputs.lines(layout.prefix(S3Layout.FlinkOutput.RAW));
            long transformed = outputs.lines(layout.prefix(S3Layout.FlinkOutput.TRANSFORMED)).size();
            if (raw.size() >= RECORDS && transformed >= RECORDS) {
                Thread.sleep(1_000); // more checkpoints: a record written twice would show by now
                raw = outputs.lines(layout.prefix(S3Layout.FlinkOutput.RAW));
                assertThat(raw.stream().map(SourceRecordLines::read).map(r -> r.shardId() + "/" + r.sequenceNumber())
                        .distinct().count()).isEqualTo(RECORDS);
                assertThat(raw).hasSize(RECORDS);
                assertThat(outputs.lines(layout.prefix(S3Layout.FlinkOutput.TRANSFORMED))).hasSize(RECORDS);
                return;
            }
            JobStatus status = rest.getJobStatus(job).get();
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new AssertionError("job " + status + " with " + raw.size() + " raw and " + transformed
                        + " transformed of " + RECORDS + "; TaskManager log:\n"
                        + cluster.tail(cluster.log("taskmanager"), 40));
            }
            Thread.sleep(500);
        }
    }

    private static void awaitTerminal(RestClusterClient<StandaloneClusterId> rest, JobID job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!rest.getJobStatus(job).get().isGloballyTerminalState()) {
            assertThat(System.nanoTime()).as("job " + job + " ends").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Live user-code class loaders, once at most one is left or after 60 s. */
    private static long awaitFewLoaders(long taskManagerPid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long loaders = userCodeClassLoaders(taskManagerPid);
        while (loaders > 1 && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            loaders = userCodeClassLoaders(taskManagerPid);
        }
        return loaders;
    }

    /** Live instances of Flink's child-first user-code class loader, after a full GC. */
    private static long userCodeClassLoaders(long pid) throws Exception {
        String jmap = Path.of(System.getProperty("java.home"), "bin", "jmap").toString();
        Process process = new ProcessBuilder(jmap, "-histo:live", Long.toString(pid)).redirectErrorStream(true).start();
        String histogram = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return histogram.lines().filter(line -> line.trim().endsWith("org.apache.flink.util.ChildFirstClassLoader"))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[1])).sum();
    }
}
