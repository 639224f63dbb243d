package dev.pgflink.local.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.S3Service;
import dev.pgflink.parity.ObjectPrefetcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Parity's parallel reader against S3Proxy: listing order, whole contents, big objects streamed, vanished ones skipped. */
@ExtendWith(LocalServicesExtension.class)
class ObjectPrefetcherTest {
    @Test
    void handsOverEveryObjectInListingOrderWhileFetchingAhead(S3Service s3) throws Exception {
        String bucket = LocalServicesExtension.uniqueName("prefetch");
        try (S3Client client = s3.newClient()) {
            s3.createBucket(client, bucket);
            Map<String, String> written = new LinkedHashMap<>();
            for (int i = 0; i < 60; i++) {
                // Every seventh object is larger than the 1 KiB budget below: streamed, not held.
                String body = ("line " + i + "\n").repeat(i % 7 == 0 ? 200 : 1 + i % 5);
                String key = String.format("p/%03d", i);
                client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
                written.put(key, body);
            }
            List<S3Object> listing = new ArrayList<>(client.listObjectsV2(r -> r.bucket(bucket).prefix("p/")).contents());
            client.deleteObject(r -> r.bucket(bucket).key("p/013"));
            written.remove("p/013");

            Map<String, String> read = new LinkedHashMap<>();
            try (ObjectPrefetcher prefetcher = new ObjectPrefetcher(client, bucket, 4, 1024)) {
                prefetcher.forEach(listing, (key, content) ->
                        read.put(key, new String(content.readAllBytes(), StandardCharsets.UTF_8)));
            }

            assertThat(read).containsExactlyEntriesOf(written);
        }
    }
}
