package dev.pgflink.local.job;

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

/** Reads what the job wrote: every object under a prefix, as lines. */
final class S3Outputs {
    private final S3Client client;
    private final String bucket;

    S3Outputs(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).collect(Collectors.toList());
    }

    /** Lines per object key, in key order. */
    Map<String, List<String>> linesByKey(String prefix) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String key : keys(prefix)) {
            String body;
            try {
                body = text(key, client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                // Listed, then gone: a sink's temporary object, removed when its part was committed.
                continue;
            }
            lines.put(key, body.isEmpty() ? List.of() : Arrays.asList(body.split("\n")));
        }
        return lines;
    }

    /** An object's text, decompressed when its name ends in {@code .gz}. */
    private static String text(String key, byte[] content) {
        try (InputStream in = Compression.decompressing(key, new ByteArrayInputStream(content))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + key, e);
        }
    }

    /** Lines of the committed part files (not manifests, not a sink's in-progress or temporary objects). */
    List<String> lines(String prefix) {
        List<String> all = new ArrayList<>();
        linesByKey(prefix).forEach((key, lines) -> {
            if (S3Layout.isCommittedFlinkPart(key)) {
                all.addAll(lines);
            }
        });
        return all;
    }

    /** The manifests under a prefix, parsed. */
    List<com.fasterxml.jackson.databind.JsonNode> manifests(String prefix) {
        List<com.fasterxml.jackson.databind.JsonNode> manifests = new ArrayList<>();
        linesByKey(prefix).forEach((key, lines) -> {
            if (S3Layout.isManifest(key)) {
                lines.forEach(line -> manifests.add(json(line)));
            }
        });
        return manifests;
    }

    /** A line (or REST answer) as JSON; an assertion error if it is not. */
    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return dev.pgflink.core.dms.DmsJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
