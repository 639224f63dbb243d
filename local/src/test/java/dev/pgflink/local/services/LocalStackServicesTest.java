package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The opt-in Docker path. Runs where a Docker engine answers; reported as skipped elsewhere. */
class LocalStackServicesTest {

    /** Asks Testcontainers only where an engine may be, so machines without one get no error log. */
    private static boolean dockerEngineAnswers() {
        boolean mayHaveEngine = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Paths.get("/var/run/docker.sock"));
        return mayHaveEngine && DockerClientFactory.instance().isDockerAvailable();
    }

    @Test
    void localStackServesKinesisAndS3() {
        assumeTrue(dockerEngineAnswers(), "no Docker engine on this machine");
        try (LocalStackServices localStack = LocalStackServices.start();
                KinesisClient kinesis = localStack.kinesis().newClient();
                S3Client s3 = localStack.s3().newClient()) {
            localStack.kinesis().createStream(kinesis, "orders", 1);
            localStack.s3().createBucket(s3, "cdc-output");

            assertThat(kinesis.listStreams().streamNames()).contains("orders");
            assertThat(s3.listBuckets().buckets()).anySatisfy(b -> assertThat(b.name()).isEqualTo("cdc-output"));
        }
    }
}
