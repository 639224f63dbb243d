package dev.pgflink.local.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads what the job (or the local Firehose) wrote: every object under a prefix, as lines. */
public final class S3Outputs {
    private final S3Client client;
    private final String bucket;

    public S3Outputs(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    public List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).collect(Collectors.toList());
    }

    /** Every object's content per key, in key order, decompressed when its name ends in {@code .gz}. */
    public Map<String, byte[]> contentByKey(String prefix) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String key : keys(prefix)) {
            try {
                contents.put(key, decompressed(key, client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()));
            } catch (NoSuchKeyException e) {
                // Listed, then gone: a sink's temporary object, removed when its part was committed.
            }
        }
        return contents;
    }

    /** Lines per object key, in key order. */
    public Map<String, List<String>> linesByKey(String prefix) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        contentByKey(prefix).forEach((key, content) -> {
            String body = new String(content, StandardCharsets.UTF_8);
            lines.put(key, body.isEmpty() ? List.of() : Arrays.asList(body.split("\n")));
        });
        return lines;
    }

    private static byte[] decompressed(String key, byte[] content) {
        try (InputStream in = Compression.decompressing(key, new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + key, e);
        }
    }

    /** Lines of the committed part files (not manifests, not a sink's in-progress or temporary objects). */
    public List<String> lines(String prefix) {
        List<String> all = new ArrayList<>();
        linesByKey(prefix).forEach((key, lines) -> {
            if (S3Layout.isCommittedFlinkPart(key)) {
                all.addAll(lines);
            }
        });
        return all;
    }

    /** The manifests under a prefix, parsed. */
    public List<JsonNode> manifests(String prefix) {
        List<JsonNode> manifests = new ArrayList<>();
        linesByKey(prefix).forEach((key, lines) -> {
            if (S3Layout.isManifest(key)) {
                lines.forEach(line -> manifests.add(json(line)));
            }
        });
        return manifests;
    }

    /** A line (or REST answer) as JSON; an assertion error if it is not. */
    public static JsonNode json(String text) {
        try {
            return DmsJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
