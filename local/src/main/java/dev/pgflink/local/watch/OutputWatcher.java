package dev.pgflink.local.watch;

import dev.pgflink.core.layout.Compression;
import dev.pgflink.core.layout.S3Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Follows one output prefix: each new committed object is read once, its lines counted and, for
 * transformed outputs, each record's delay from its commit to the moment its object was first seen
 * recorded (so the delay includes up to one scan interval).
 *
 * <p>Only keys with the name a writer gives a committed object count: a store may list other
 * objects under the prefix for a while (S3Proxy on a directory lists {@code <key>-<uuid>} while it
 * writes {@code <key>}; a file sink leaves in-progress and temporary objects), and counting one of
 * those would count its records twice.
 */
public final class OutputWatcher {
    private static final String COMMIT = "\"__commit_timestamp\":\"";
    private static final String TIMESTAMP = "\"__timestamp\":\"";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Predicate<String> committed;
    private final Latencies latencies;
    private final Set<String> seen = new HashSet<>();
    private volatile long objects;
    private volatile long records;

    /**
     * @param committed true for the key of a committed object of this output, such as
     *        {@link S3Layout#isCommittedFlinkPart} or {@link S3Layout#isFirehoseObject}
     * @param latencies where to record delays, or null not to measure them
     */
    public OutputWatcher(S3Client s3, String bucket, String prefix, Predicate<String> committed, Latencies latencies) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.committed = committed;
        this.latencies = latencies;
    }

    /** Marks the objects already there as seen, uncounted: outputs of an earlier run (--keep-data). */
    public synchronized void skipExisting() {
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(o -> seen.add(o.key()));
    }

    /** Reads the objects that appeared since the last scan. */
    public synchronized void scan() {
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            if (!committed.test(object.key()) || seen.contains(object.key())) {
                continue;
            }
            long seenAt = System.currentTimeMillis();
            List<Long> commitTimes = latencies == null ? null : new ArrayList<>();
            long lines;
            try {
                lines = count(object.key(), commitTimes);
            } catch (NoSuchKeyException e) {
                continue; // listed, then deleted
            }
            // Counted once read whole: an object whose read failed is read again by the next scan.
            seen.add(object.key());
            objects++;
            records += lines;
            if (commitTimes != null) {
                commitTimes.forEach(committedAt -> latencies.add(seenAt, seenAt - committedAt));
            }
        }
    }

    /** Counts the object's records; adds the commit time of each that has one to {@code commitTimes} unless null. */
    private long count(String key, List<Long> commitTimes) {
        long lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Compression.decompressing(key, s3.getObject(r -> r.bucket(bucket).key(key))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                lines++;
                long committedAt = commitTimes == null ? 0 : commitMillis(line);
                if (committedAt > 0) {
                    commitTimes.add(committedAt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The commit time of a flat line: {@code __commit_timestamp}, else the DMS {@code __timestamp}; 0 if neither. */
    static long commitMillis(String line) {
        int at = line.lastIndexOf(COMMIT);
        int start = at >= 0 ? at + COMMIT.length() : line.lastIndexOf(TIMESTAMP);
        if (at < 0 && start >= 0) {
            start += TIMESTAMP.length();
        }
        int end = start < 0 ? -1 : line.indexOf('"', start);
        if (end < 0) {
            return 0;
        }
        try {
            return Instant.parse(line.substring(start, end)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    public long objects() {
        return objects;
    }

    public long records() {
        return records;
    }
}
