package dev.pgflink.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.layout.S3Layout;
import dev.pgflink.core.layout.S3Layout.FirehoseOutput;
import dev.pgflink.core.layout.S3Layout.FlinkOutput;
import java.io.IOException;
import java.util.Base64;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One path's outputs in S3, in the layout of {@link S3Layout}. Objects are read in listing order,
 * up to 16 (at most 32 MiB) fetched ahead in parallel ({@link ObjectPrefetcher}); memory does
 * not grow with the output.
 *
 * <ul>
 * <li>Flink: {@code ROOT/transformed/} (part and late files; manifests and in-progress files are
 * skipped) and {@code ROOT/control/}, because Firehose writes control lines among the data lines;
 * errors from {@code ROOT/errors/}.</li>
 * <li>Firehose: {@code ROOT/transformed/}; errors from {@code ROOT/errors/processing-failed/}
 * (Firehose's JSON documents with {@code rawData}).</li>
 * </ul>
 */
public final class S3PathOutput implements PathOutput {
    /** Objects fetched ahead of the one being read, and the bytes they may hold. */
    private static final int PARALLEL_GETS = 16;
    private static final long PREFETCH_BYTES = 32L * 1024 * 1024;

    private final S3Client s3;
    private final S3Location location;
    private final boolean flink;
    private final Runnable onObject;
    private long objects;

    private S3PathOutput(S3Client s3, S3Location location, boolean flink, Runnable onObject) {
        this.s3 = s3;
        this.location = location;
        this.flink = flink;
        this.onObject = onObject;
    }

    public static S3PathOutput flink(S3Client s3, S3Location location, Runnable onObject) {
        return new S3PathOutput(s3, location, true, onObject);
    }

    public static S3PathOutput firehose(S3Client s3, S3Location location, Runnable onObject) {
        return new S3PathOutput(s3, location, false, onObject);
    }

    /** The Flink path's outputs when {@code flink}, else the Firehose path's, without progress reports. */
    public static S3PathOutput of(S3Client s3, S3Location location, boolean flink) {
        return new S3PathOutput(s3, location, flink, () -> { });
    }

    @Override
    public String name() {
        return flink ? "flink" : "firehose";
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public long objectsRead() {
        return objects;
    }

    @Override
    public void readRecords(LineConsumer consumer) throws IOException {
        for (String prefix : PathOutput.recordPrefixes(flink, location.root())) {
            readLines(prefix, consumer);
        }
    }

    @Override
    public void readErrors(ErrorConsumer consumer) throws IOException {
        String prefix = flink ? FlinkOutput.ERRORS.prefixUnder(location.root())
                : FirehoseOutput.PROCESSING_FAILED.prefixUnder(location.root());
        readLines(prefix, line -> {
            JsonNode error = DmsJson.mapper().readTree(line);
            String data = error.path(flink ? "data" : "rawData").asText(null);
            if (data == null) {
                throw new IOException("an error line without " + (flink ? "data" : "rawData") + " under " + prefix);
            }
            String code = error.path(flink ? "error_type" : "errorCode").asText("unknown");
            consumer.accept(Base64.getDecoder().decode(data), code);
        });
    }

    private void readLines(String prefix, LineConsumer consumer) throws IOException {
        Iterable<S3Object> listing = () -> s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix))
                .contents().stream().filter(o -> PathOutput.holdsRecords(flink, o.key())).iterator();
        try (ObjectPrefetcher prefetcher = new ObjectPrefetcher(s3, location.bucket(), PARALLEL_GETS, PREFETCH_BYTES)) {
            prefetcher.forEach(listing, (key, content) -> {
                PathOutput.readLines(key, content, consumer);
                objects++;
                onObject.run();
            });
        }
    }
}
