package dev.pgflink.local.services;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** A Kinesis Data Streams API on this machine: an emulator, or LocalStack. */
public interface KinesisService extends AutoCloseable {
    Region REGION = Region.US_EAST_1;
    String ACCESS_KEY = "local-access-key";
    String SECRET_KEY = "local-secret-key";

    /** A short name for logs: {@code kinesis-mock}, {@code kinesalite}, {@code localstack}. */
    String name();

    URI endpoint();

    /**
     * Whether the API speaks CBOR, as real Kinesis does. When false, clients must use JSON:
     * {@code aws.cborEnabled=false} for SDK v2, and the environment variable
     * {@code AWS_CBOR_DISABLE=true} for the SDK v1 copy shaded into the Flink connector.
     */
    boolean supportsCbor();

    /** Throws, saying why, when the service has stopped under us (an emulator process that exited). */
    default void checkRunning() {
    }

    /** An SDK v2 client for this endpoint. */
    default KinesisClient newClient() {
        if (!supportsCbor()) {
            // SDK v2 reads this once per client; JSON is accepted by every Kinesis API too.
            System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
        }
        return KinesisClient.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32))
                .build();
    }

    /** Creates a stream and waits until it is ACTIVE. */
    default void createStream(KinesisClient client, String stream, int shards) {
        client.createStream(r -> r.streamName(stream).shardCount(shards));
        awaitActive(client, stream, Duration.ofSeconds(30));
    }

    /**
     * Polls until the stream is ACTIVE. Polled here because SDK v2's {@code waitUntilStreamExists}
     * waits 10 s between checks.
     */
    static void awaitActive(KinesisClient client, String stream, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                StreamStatus status = client.describeStreamSummary(r -> r.streamName(stream))
                        .streamDescriptionSummary().streamStatus();
                if (status == StreamStatus.ACTIVE) {
                    return;
                }
            } catch (ResourceNotFoundException e) {
                // Not visible yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " not ACTIVE after " + timeout.toSeconds() + " s");
            }
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    @Override
    void close();
}
