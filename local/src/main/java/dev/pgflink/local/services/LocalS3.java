package dev.pgflink.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 API served in-process by S3Proxy on 127.0.0.1. It checks request signatures and supports
 * the multipart uploads Flink's S3 file system uses. With a directory the objects are plain files
 * under it (bucket/key) and survive a restart; without one they live in memory.
 *
 * <p>{@link #stop()} and {@link #start()} take the API away and bring it back on the same port
 * with the same data, to test how writers survive an outage.
 */
public final class LocalS3 implements S3Service {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final int port;
    private final BlobStore blobStore;
    private final Path directory;
    private S3Proxy proxy;

    private LocalS3(int port, Path directory) {
        this.port = port;
        this.directory = directory;
        this.blobStore = directory == null ? BlobStores.create("transient", new Properties())
                : BlobStores.create("filesystem", filesystemProperties(directory));
    }

    /** Starts an in-memory S3 API on a free loopback port. */
    public static LocalS3 startInMemory() {
        return start(Loopback.freePort(), null);
    }

    /** Starts an S3 API that keeps its objects under {@code directory}, on a free loopback port. */
    public static LocalS3 startOnDirectory(Path directory) {
        return start(Loopback.freePort(), directory);
    }

    /** Starts on the given port; {@code directory} may be null for memory. */
    public static LocalS3 start(int port, Path directory) {
        LocalS3 s3 = new LocalS3(port, directory);
        s3.start();
        return s3;
    }

    private static Properties filesystemProperties(Path directory) {
        try {
            // S3Proxy requires the base directory to exist.
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data directory " + directory, e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return properties;
    }

    /** Serves the API (again) on this instance's port. */
    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        Loopback.requireFree(port, "the S3 API");
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://" + Loopback.HOST + ":" + port))
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s on port " + port);
                }
                Loopback.sleep(Duration.ofMillis(10));
            }
        } catch (Exception e) {
            stopQuietly(started);
            throw new IllegalStateException("cannot start the S3 API on port " + port + ": " + e.getMessage(), e);
        }
        proxy = started;
    }

    /** Takes the API away; the data stays (on disk, or in memory while this object lives). */
    public synchronized void stop() {
        if (proxy != null) {
            stopQuietly(proxy);
            proxy = null;
        }
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // Stopping Jetty only fails if it never started; nothing is left to release.
        }
    }

    public int port() {
        return port;
    }

    /** Where the objects are kept, or null in memory. */
    public Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return "s3proxy";
    }

    @Override
    public URI endpoint() {
        return URI.create("http://" + Loopback.HOST + ":" + port);
    }

    @Override
    public String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    public String secretKey() {
        return SECRET_KEY;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "S3 API at " + endpoint() + (directory == null ? " (in memory)" : " on " + directory);
    }
}
