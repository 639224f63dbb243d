package dev.pgflink.capture.connection;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the capture's Kinesis client, for AWS or for a local emulator. */
public final class KinesisClients {
    private KinesisClients() {
    }

    /**
     * @param endpoint null for AWS
     * @param accessKey null for the default AWS credential chain
     * @throws IllegalStateException when the SDK cannot build a client (no region, no credentials…)
     */
    public static KinesisClient create(String region, URI endpoint, String accessKey, String secretKey) {
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(8))
                .credentialsProvider(accessKey == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot create the Kinesis client: " + e.getMessage(), e);
        }
    }
}
