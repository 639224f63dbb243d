package dev.pgflink.core.layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How the outputs' record files are compressed: the job's {@code Output.compression}, Firehose's
 * {@code CompressionFormat} in the parity stack, and the local Firehose's. A compressed file's name
 * ends in the codec's suffix, which is how every reader here, DuckDB and Athena recognise it.
 */
public enum Compression {
    /** Plain JSON Lines: readable with any tool, several times the bytes of gzip. */
    NONE("", "UNCOMPRESSED"),
    /** Gzip, one stream per file; Firehose names such objects {@code ….gz} as well. */
    GZIP(".gz", "GZIP");

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String suffix;
    private final String firehoseFormat;

    Compression(String suffix, String firehoseFormat) {
        this.suffix = suffix;
        this.firehoseFormat = firehoseFormat;
    }

    /** What a file name gets appended: {@code .gz}, or nothing. */
    public String suffix() {
        return suffix;
    }

    /**
     * Firehose's {@code CompressionFormat} for this codec
     * (https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html).
     */
    public String firehoseFormat() {
        return firehoseFormat;
    }

    /** {@code none} or {@code gzip}, as a property or an option names it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code none} or {@code gzip}, in any case. */
    public static Compression parse(String value) {
        for (Compression compression : values()) {
            if (compression.id().equalsIgnoreCase(value.trim())) {
                return compression;
            }
        }
        throw new IllegalArgumentException("compression must be none or gzip, was '" + value + "'");
    }

    /** The compression a file's name says it has. */
    public static Compression ofName(String name) {
        return name.endsWith(GZIP.suffix) ? GZIP : NONE;
    }

    /** The file's content decompressed, as its name says. */
    public static InputStream decompressing(String name, InputStream content) throws IOException {
        return ofName(name) == GZIP ? new GZIPInputStream(content, BUFFER_BYTES) : content;
    }

    /** A whole file's content compressed with this codec: {@link #NONE} returns it as it is. */
    public byte[] compress(byte[] content) {
        if (this == NONE) {
            return content;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
