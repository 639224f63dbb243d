package dev.pgflink.local.services;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 API on this machine: S3Proxy, or LocalStack. Path-style addressing only. */
public interface S3Service extends AutoCloseable {
    Region REGION = Region.US_EAST_1;

    String name();

    URI endpoint();

    String accessKey();

    String secretKey();

    /** An SDK v2 client for this endpoint, path-style (virtual hosts do not resolve on loopback). */
    default S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Creates a bucket (names need at least three characters). */
    default void createBucket(S3Client client, String bucket) {
        client.createBucket(r -> r.bucket(bucket));
    }

    @Override
    void close();
}
