package dev.pgflink.parity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One path's outputs in S3: a bucket and the root its outputs live under ({@code s3://bucket/flink}). */
public record S3Location(String bucket, String root) {
    private static final Pattern URI = Pattern.compile("s3://([^/]+)/(.+?)/*");

    public S3Location {
        if (bucket.isEmpty() || root.isEmpty() || root.startsWith("/")) {
            throw new IllegalArgumentException("a location needs a bucket and a root: s3://BUCKET/ROOT");
        }
    }

    /** Parses {@code s3://bucket/root}; the root is where the path's outputs start, e.g. {@code flink}. */
    public static S3Location parse(String uri) {
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an S3 location with a root: '" + uri
                    + "' (expected s3://BUCKET/ROOT, e.g. s3://my-bucket/flink)");
        }
        return new S3Location(m.group(1), m.group(2));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + root;
    }
}
