package dev.pgflink.local.pipeline;

import dev.pgflink.local.services.ExternalPostgres;
import dev.pgflink.local.services.Kinesalite;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalPostgres;
import dev.pgflink.local.services.LocalS3;
import dev.pgflink.local.services.PostgresService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the local pipeline runs on: S3Proxy on the data directory with the bucket, PostgreSQL
 * (embedded, or the user's), kinesalite with the stream, and a client for each API.
 * {@link #close()} stops them in the reverse order of their start; the user's PostgreSQL is left running.
 */
public final class PipelineServices implements AutoCloseable {
    private final PrintStream out;
    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalS3 s3;
    private S3Client s3Client;
    private PostgresService postgres;
    private KinesisService kinesis;
    private KinesisClient kinesisClient;

    private PipelineServices(PrintStream out) {
        this.out = out;
    }

    /** Starts every service; on failure stops what was started and rethrows. */
    static PipelineServices start(PipelineOptions options, PrintStream out) throws Exception {
        PipelineServices services = new PipelineServices(out);
        try {
            requireNode();
            services.startStorage(options);
            services.postgres = options.postgresUrl() == null ? services.track(LocalPostgres.start())
                    : ExternalPostgres.of(options.postgresUrl(), options.postgresUser(), options.postgresPassword());
            services.kinesis = services.track(Kinesalite.start());
            services.kinesisClient = services.track(services.kinesis.newClient());
            services.kinesis.createStream(services.kinesisClient, PipelineOptions.STREAM, options.shards());
            return services;
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
    }

    private static void requireNode() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("`node --version` failed: the Kinesis emulator needs Node.js 18 or newer");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Node.js is not on the PATH: the Kinesis emulator (kinesalite, from npm) "
                    + "needs it. Install Node.js 18+ (https://nodejs.org or your package manager) and run again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** S3Proxy on {@code DATA/s3}, the bucket wiped first unless the earlier runs' data is kept. */
    private void startStorage(PipelineOptions options) throws IOException {
        Path s3Directory = options.dataDirectory().resolve("s3");
        Path bucket = s3Directory.resolve(PipelineOptions.BUCKET);
        if (!options.keepData() && Files.exists(bucket)) {
            try (Stream<Path> files = Files.walk(bucket)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(s3Directory);
        s3 = track(LocalS3.startOnDirectory(s3Directory));
        s3Client = track(s3.newClient());
        if (!Files.isDirectory(bucket)) {
            s3.createBucket(s3Client, PipelineOptions.BUCKET);
        }
    }

    private <T extends AutoCloseable> T track(T service) {
        started.add(service);
        return service;
    }

    public PostgresService postgres() {
        return postgres;
    }

    /** The Kinesis API holding {@link PipelineOptions#STREAM}: other producers can put records on it too. */
    public KinesisService kinesis() {
        return kinesis;
    }

    public LocalS3 s3() {
        return s3;
    }

    KinesisClient kinesisClient() {
        return kinesisClient;
    }

    S3Client s3Client() {
        return s3Client;
    }

    /** Why the Kinesis emulator has stopped under the pipeline, or null while it runs. */
    String kinesisFailure() {
        try {
            kinesis.checkRunning();
            return null;
        } catch (IllegalStateException e) {
            return "the Kinesis emulator stopped: " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    @Override
    public String toString() {
        return String.format("PostgreSQL %s, Kinesis %s, S3 %s (files in %s)", postgres.jdbcUrl(), kinesis.endpoint(),
                s3.endpoint(), s3.directory());
    }

    /** Stops the services in the reverse order of their start; says which could not be stopped. Safe to call twice. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println("closing " + started.get(i) + ": " + e);
            }
        }
        started.clear();
    }
}
