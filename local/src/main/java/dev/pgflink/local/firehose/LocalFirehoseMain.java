package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local Firehose as a process of its own (docker-compose runs it):
 * {@code java -jar local/target/pgflink-local-VERSION-firehose.jar --help}. Credentials come from
 * the default AWS chain ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}).
 */
@Command(name = "local-firehose", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A Firehose delivery stream on this machine: Kinesis -> the transformation Lambda -> S3.")
public final class LocalFirehoseMain implements Callable<Integer> {
    @Option(names = "--stream", required = true, description = "The Kinesis stream to read.")
    String stream;

    @Option(names = "--kinesis-endpoint", required = true, description = "e.g. http://127.0.0.1:4568")
    URI kinesisEndpoint;

    @Option(names = "--s3-endpoint", required = true, description = "e.g. http://127.0.0.1:9000 (path-style)")
    URI s3Endpoint;

    @Option(names = "--bucket", required = true)
    String bucket;

    @Option(names = "--delivery-stream", defaultValue = "cdc-orders-parity", description = "Default: ${DEFAULT-VALUE}.")
    String deliveryStream;

    @Option(names = "--firehose-root", defaultValue = S3Layout.DEFAULT_FIREHOSE_ROOT, description = "Default: ${DEFAULT-VALUE}.")
    String root;

    @Option(names = "--buffer-bytes", defaultValue = "1048576", description = "Size hint (default: ${DEFAULT-VALUE}).")
    long bufferBytes;

    @Option(names = "--buffer-seconds", defaultValue = "60", description = "Interval hint, 0 and up (default: ${DEFAULT-VALUE}).")
    long bufferSeconds;

    @Option(names = "--region", defaultValue = "us-east-1")
    String region;

    @Option(names = "--compression", defaultValue = "none", converter = CompressionConverter.class,
            description = "Firehose's CompressionFormat for every object it writes: none or gzip (default: ${DEFAULT-VALUE}).")
    Compression compression;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalFirehoseMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // kinesis-mock and LocalStack speak CBOR, kinesalite does not; JSON works with all of them.
        System.setProperty("aws.cborEnabled", "false");
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(kinesisEndpoint).region(Region.of(region))
                        .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
                S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.of(region)).forcePathStyle(true)
                        .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            FirehoseSettings settings = FirehoseSettings.defaults(deliveryStream, stream, bucket)
                    .withLayout(S3Layout.defaults().withFirehoseRoot(root))
                    .withBuffering(bufferBytes, Duration.ofSeconds(bufferSeconds))
                    .withCompression(compression);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            try (LocalFirehose firehose = LocalFirehose.start(kinesis, s3, settings)) {
                System.out.printf("local Firehose %s: %s -> s3://%s/%s/%n", deliveryStream, stream, bucket, root);
                while (!stop.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    FirehoseMetrics m = firehose.metrics();
                    System.out.printf("read %,d, delivered %,d in %,d objects, failed %,d, S3 retries %,d%n",
                            m.recordsRead(), m.recordsDelivered(), m.transformedObjects(), m.recordsFailed(),
                            m.deliveryRetries());
                    if (firehose.failure() != null) {
                        return 1;
                    }
                }
            }
        }
        return 0;
    }
}
