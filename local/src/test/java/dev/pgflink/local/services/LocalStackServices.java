package dev.pgflink.local.services;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kinesis and S3 from one LocalStack container (Testcontainers), for users who have Docker and
 * prefer it to the in-process emulators. Opt in with {@code -Dpgflink.services=localstack}.
 */
final class LocalStackServices implements AutoCloseable {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:3.8");

    private final LocalStackContainer container;

    private LocalStackServices(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackServices start() {
        LocalStackContainer container = new LocalStackContainer(IMAGE)
                .withServices(LocalStackContainer.Service.KINESIS, LocalStackContainer.Service.S3);
        container.start();
        return new LocalStackServices(container);
    }

    KinesisService kinesis() {
        return new KinesisService() {
            @Override
            public String name() {
                return "localstack";
            }

            @Override
            public URI endpoint() {
                return container.getEndpointOverride(LocalStackContainer.Service.KINESIS);
            }

            @Override
            public boolean supportsCbor() {
                return true;
            }

            @Override
            public void close() {
                // The container stops with LocalStackServices.
            }
        };
    }

    S3Service s3() {
        return new S3Service() {
            @Override
            public String name() {
                return "localstack";
            }

            @Override
            public URI endpoint() {
                return container.getEndpointOverride(LocalStackContainer.Service.S3);
            }

            @Override
            public String accessKey() {
                return container.getAccessKey();
            }

            @Override
            public String secretKey() {
                return container.getSecretKey();
            }

            @Override
            public void close() {
                // The container stops with LocalStackServices.
            }
        };
    }

    @Override
    public void close() {
        container.stop();
    }
}
