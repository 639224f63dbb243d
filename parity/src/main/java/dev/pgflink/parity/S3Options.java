package dev.pgflink.parity;

import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Where the commands that read S3 find it ({@code @Mixin}): an endpoint and a region. */
public final class S3Options {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An S3-compatible endpoint (path-style), e.g. http://127.0.0.1:9000. Default: AWS S3.")
    URI endpoint;

    @Option(names = "--region", description = "Default: the AWS region chain, or us-east-1 with --endpoint.")
    String region;

    /** A client for these options: default credentials, path-style with an endpoint. The caller closes it. */
    public S3Client client() {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        if (region != null) {
            builder.region(Region.of(region));
        } else if (endpoint != null) {
            builder.region(Region.US_EAST_1);
        } else {
            builder.region(DefaultAwsRegionProviderChain.builder().build().getRegion());
        }
        return builder.build();
    }
}
