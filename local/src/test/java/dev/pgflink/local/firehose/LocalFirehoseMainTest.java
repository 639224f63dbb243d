package dev.pgflink.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.core.layout.Compression;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The standalone local Firehose takes the compression the pipeline's command takes, with the same message. */
class LocalFirehoseMainTest {
    private static final String[] REQUIRED = {"--stream", "cdc", "--kinesis-endpoint", "http://127.0.0.1:4568",
        "--s3-endpoint", "http://127.0.0.1:9000", "--bucket", "b"};

    @Test
    void compressionIsNoneUnlessGzipIsAsked() {
        assertThat(parse().compression).isEqualTo(Compression.NONE);
        assertThat(parse("--compression", "gzip").compression).isEqualTo(Compression.GZIP);
    }

    @Test
    void anUnknownCompressionIsAUsageError() {
        assertThatThrownBy(() -> parse("--compression", "zstd"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("compression must be none or gzip, was 'zstd'");
    }

    private static LocalFirehoseMain parse(String... more) {
        LocalFirehoseMain main = new LocalFirehoseMain();
        String[] args = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(more, 0, args, REQUIRED.length, more.length);
        new CommandLine(main).parseArgs(args);
        return main;
    }
}
