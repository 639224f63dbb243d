package dev.pgflink.job.sink;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * A part file as one gzip stream of the lines a row {@link Encoder} writes. Gzip spans the whole
 * file, so it has to be a bulk format: the sink rolls bulk parts at every checkpoint, which the
 * outputs do anyway. Written on {@code java.util.zip} because Flink's compress module
 * ({@code flink-compress}) wants Hadoop's codecs on the classpath, which the job jar does not carry.
 */
final class GzipLines<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Encoder<T> encoder;

    GzipLines(Encoder<T> encoder) {
        this.encoder = encoder;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
        return new Writer<>(encoder, out);
    }

    private static final class Writer<T> implements BulkWriter<T> {
        private final Encoder<T> encoder;
        private final OutputStream lines;

        Writer(Encoder<T> encoder, FSDataOutputStream out) throws IOException {
            this.encoder = encoder;
            // Lines are a few hundred bytes: buffered, the deflater sees 64 KB per call, not one line.
            this.lines = new BufferedOutputStream(new FastGzip(new StreamShield(out)), BUFFER_BYTES);
        }

        @Override
        public void addElement(T element) throws IOException {
            encoder.encode(element, lines);
        }

        /**
         * Hands the buffered lines to the deflater, which may keep some: a sync flush would end a
         * deflate block at each call. The sink calls this only right before {@link #finish} (bulk
         * parts roll at every checkpoint and are never resumed), which writes everything out.
         */
        @Override
        public void flush() throws IOException {
            lines.flush();
        }

        /** Writes gzip's trailer; closing the shield leaves the sink's stream open, as the contract asks. */
        @Override
        public void finish() throws IOException {
            lines.close();
        }
    }

    /**
     * Gzip at deflate's fastest level: JSON Lines still shrink several times over, and the default
     * level costs several times the CPU of the rest of the job per byte (docs/benchmarks.md).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER_BYTES);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Passes writes through and ignores close, so gzip can end (and free its deflater) without closing the file. */
    private static final class StreamShield extends FilterOutputStream {
        StreamShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
