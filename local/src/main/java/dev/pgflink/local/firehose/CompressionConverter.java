package dev.pgflink.local.firehose;

import dev.pgflink.core.layout.Compression;
import picocli.CommandLine;

/** {@code --compression none|gzip} for the command lines, with the message {@link Compression#parse} gives. */
public final class CompressionConverter implements CommandLine.ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
        return Compression.parse(value);
    }
}
