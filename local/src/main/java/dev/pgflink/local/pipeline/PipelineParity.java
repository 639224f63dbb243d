package dev.pgflink.local.pipeline;

import dev.pgflink.local.load.SampleWorkload;
import dev.pgflink.parity.ParityComparer;
import dev.pgflink.parity.ParityMain;
import dev.pgflink.parity.ParityReport;
import dev.pgflink.parity.S3Location;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** The last step of the local pipeline: compares the two paths' outputs in its bucket. */
final class PipelineParity {
    private PipelineParity() {
    }

    /** Prints the summary and writes the full report to {@code DATA/parity-report.json}. */
    static ParityReport compare(S3Client s3, Path dataDirectory, PrintStream out) throws IOException {
        Path report = dataDirectory.resolve("parity-report.json");
        ParityComparer comparer = new ParityComparer(Map.of(SampleWorkload.TABLE, List.of("id")),
                dataDirectory, ParityComparer.DEFAULT_PARTITIONS, 10, false, line -> { });
        ParityReport result = ParityMain.compare(s3, new S3Location(PipelineOptions.BUCKET, "flink"),
                new S3Location(PipelineOptions.BUCKET, "firehose"), comparer);
        Files.write(report, result.toJsonBytes());
        out.print(result.summary());
        out.println("  report: " + report.toAbsolutePath());
        return result;
    }
}
