package dev.pgflink.lake;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Which path wrote an output ({@code --path}): Flink or Firehose. */
enum PathKind {
    flink, firehose;

    /**
     * Whether the Flink path wrote {@code output} (a directory or {@code s3://BUCKET/ROOT}):
     * {@code given}, else the root's last name; a usage error when that is neither path's name.
     */
    static boolean isFlink(PathKind given, String output, CommandSpec spec) {
        if (given != null) {
            return given == flink;
        }
        String trimmed = output.replaceAll("/+$", "");
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        try {
            return valueOf(last) == flink;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "cannot tell the path from '" + output + "': add --path flink or --path firehose");
        }
    }
}
