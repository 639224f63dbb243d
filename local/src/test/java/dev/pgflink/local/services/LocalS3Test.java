package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 API through the real SDK v2 client, including the multipart uploads Flink's sink uses. */
@ExtendWith(LocalServicesExtension.class)
class LocalS3Test {

    @Test
    void putsListsAndGetsObjects(S3Service s3) {
        try (S3Client client = s3.newClient()) {
            String bucket = LocalServicesExtension.uniqueName("cdc");
            s3.createBucket(client, bucket);
            client.putObject(r -> r.bucket(bucket).key("flink/raw/dt=2024-12-16/hour=13/part-0-0.jsonl"),
                    RequestBody.fromString("{\"id\":1}\n"));
            client.putObject(r -> r.bucket(bucket).key("flink/raw/dt=2024-12-16/hour=13/part-0-1.jsonl"),
                    RequestBody.fromString("{\"id\":2}\n"));

            List<String> keys = client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("flink/raw/")).contents()
                    .stream().map(S3Object::key).collect(Collectors.toList());
            String body = client.getObjectAsBytes(r -> r.bucket(bucket).key(keys.get(1))).asUtf8String();

            assertThat(keys).containsExactly("flink/raw/dt=2024-12-16/hour=13/part-0-0.jsonl",
                    "flink/raw/dt=2024-12-16/hour=13/part-0-1.jsonl");
            assertThat(body).isEqualTo("{\"id\":2}\n");
        }
    }

    @Test
    void assemblesAMultipartUpload(S3Service s3) {
        byte[] part1 = new byte[5 * 1024 * 1024];
        Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "tail\n".getBytes(StandardCharsets.UTF_8);
        try (S3Client client = s3.newClient()) {
            String bucket = LocalServicesExtension.uniqueName("multipart");
            s3.createBucket(client, bucket);
            String key = "flink/transformed/delivery/orders/window=20241216T132400Z/part-0-0.jsonl";
            String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            byte[][] bodies = {part1, part2};
            for (int i = 0; i < bodies.length; i++) {
                int number = i + 1;
                byte[] bytes = bodies[i];
                String etag = client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));

            byte[] object = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();

            assertThat(object).hasSize(part1.length + part2.length);
            assertThat(new String(object, part1.length, part2.length, StandardCharsets.UTF_8)).isEqualTo("tail\n");
        }
    }

    @Test
    void rejectsAWrongSecret(LocalS3 s3) {
        try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(S3Service.REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), "wrong")))
                .build()) {
            assertThatThrownBy(client::listBuckets).isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void keepsObjectsOnDiskAcrossARestartOnTheSamePort(@TempDir Path directory) {
        try (LocalS3 s3 = LocalS3.startOnDirectory(directory)) {
            int port = s3.port();
            try (S3Client client = s3.newClient()) {
                s3.createBucket(client, "durable");
                client.putObject(r -> r.bucket("durable").key("a/b.jsonl"), RequestBody.fromString("kept\n"));
            }

            s3.stop();
            assertThat(Loopback.isListening(port)).isFalse();
            s3.start();

            assertThat(s3.port()).isEqualTo(port);
            try (S3Client client = s3.newClient()) {
                assertThat(client.getObjectAsBytes(r -> r.bucket("durable").key("a/b.jsonl")).asUtf8String())
                        .isEqualTo("kept\n");
            }
            assertThat(directory.resolve("durable").resolve("a").resolve("b.jsonl")).exists();
        }
    }
}
