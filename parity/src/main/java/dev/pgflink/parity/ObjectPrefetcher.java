package dev.pgflink.parity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Hands a listing's objects to a reader one at a time, in listing order, while the next ones are
 * fetched in parallel: read one by one, many small objects cost one S3 round trip each. At most
 * {@code parallel} objects and {@code budgetBytes} are held ahead; an object larger than the budget
 * is streamed instead of held. Objects listed and gone by the GET (a sink's temporary objects) are
 * skipped.
 */
public final class ObjectPrefetcher implements AutoCloseable {
    @FunctionalInterface
    public interface ObjectReader {
        void read(String key, InputStream content) throws IOException;
    }

    private record Pending(String key, long size, Future<byte[]> content) {
    }

    private final S3Client s3;
    private final String bucket;
    private final int parallel;
    private final long budgetBytes;
    private final ExecutorService pool;

    public ObjectPrefetcher(S3Client s3, String bucket, int parallel, long budgetBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.parallel = parallel;
        this.budgetBytes = budgetBytes;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread thread = new Thread(r, "parity-get");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void forEach(Iterable<S3Object> objects, ObjectReader reader) throws IOException {
        Deque<Pending> ahead = new ArrayDeque<>();
        long aheadBytes = 0;
        for (S3Object object : objects) {
            if (object.size() > budgetBytes) {
                while (!ahead.isEmpty()) {
                    aheadBytes -= readNext(ahead, reader);
                }
                stream(object.key(), reader);
                continue;
            }
            while (ahead.size() >= parallel || aheadBytes + object.size() > budgetBytes) {
                aheadBytes -= readNext(ahead, reader);
            }
            String key = object.key();
            ahead.add(new Pending(key, object.size(), pool.submit(() -> fetch(key))));
            aheadBytes += object.size();
        }
        while (!ahead.isEmpty()) {
            readNext(ahead, reader);
        }
    }

    private long readNext(Deque<Pending> ahead, ObjectReader reader) throws IOException {
        Pending next = ahead.poll();
        byte[] content = await(next);
        if (content != null) {
            reader.read(next.key(), new ByteArrayInputStream(content));
        }
        return next.size();
    }

    private void stream(String key, ObjectReader reader) throws IOException {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            reader.read(key, in);
        } catch (NoSuchKeyException e) {
            // listed, then gone
        }
    }

    /** The object's bytes, or null when it is gone. */
    private byte[] fetch(String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private static byte[] await(Pending pending) throws IOException {
        try {
            return pending.content().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + pending.key(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException("reading " + pending.key(), e.getCause()));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
