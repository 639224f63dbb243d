package dev.pgflink.parity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares the two paths' records as multisets keyed by change identity.
 *
 * <p>Both sides are first spilled to disk, partitioned by identity; then each partition is
 * compared in memory. Within one identity, identical lines on both sides match; a line one side
 * holds more often than the other, while the other holds it too, is a duplicate on that side;
 * what is left pairs up as records that differ, and the rest is only on one side. Errors are
 * compared by the digest of their original bytes.
 */
public final class ParityComparer {
    /** 64 partitions: a million 700-byte records make ~11 MB per partition in memory. */
    public static final int DEFAULT_PARTITIONS = 64;

    private final IdentityReader identities;
    private final Path workDirectory;
    private final int partitions;
    private final int maxExamples;
    private final boolean firehoseDuplicatesAllowed;
    private final Consumer<String> progress;

    public ParityComparer(Map<String, List<String>> primaryKeys, Path workDirectory, int partitions, int maxExamples,
            boolean firehoseDuplicatesAllowed, Consumer<String> progress) {
        this.identities = new IdentityReader(primaryKeys);
        this.workDirectory = workDirectory;
        this.partitions = partitions;
        this.maxExamples = maxExamples;
        this.firehoseDuplicatesAllowed = firehoseDuplicatesAllowed;
        this.progress = progress;
    }

    public ParityReport compare(PathOutput flinkOutput, PathOutput firehoseOutput) throws IOException {
        SideReport flink = new SideReport(flinkOutput.name(), flinkOutput.location(), maxExamples);
        SideReport firehose = new SideReport(firehoseOutput.name(), firehoseOutput.location(), maxExamples);
        ParityReport report = new ParityReport(flink, firehose, firehoseDuplicatesAllowed, maxExamples);
        Path spill = Files.createDirectories(workDirectory).resolve("parity-" + System.nanoTime());
        Files.createDirectories(spill);
        try (SpillPartitions flinkLines = new SpillPartitions(spill, "flink", partitions);
                SpillPartitions firehoseLines = new SpillPartitions(spill, "firehose", partitions)) {
            spill(flinkOutput, flink, flinkLines);
            spill(firehoseOutput, firehose, firehoseLines);
            flinkLines.flush();
            firehoseLines.flush();
            for (int p = 0; p < partitions; p++) {
                comparePartition(flinkLines.read(p), firehoseLines.read(p), report);
            }
            compareErrors(flinkOutput, firehoseOutput, report);
        } finally {
            Files.deleteIfExists(spill);
        }
        progress.accept(String.format("parity: compared %,d flink and %,d firehose records", flink.records, firehose.records));
        return report;
    }

    private void spill(PathOutput output, SideReport side, SpillPartitions lines) throws IOException {
        progress.accept("parity: reading " + output.location());
        output.readRecords(line -> {
            ChangeIdentity identity = identities.read(line);
            side.countRecord(identity);
            lines.add(identity, line);
        });
        side.objects = output.objectsRead();
        progress.accept(String.format("parity: %s: %,d records in %,d objects", output.name(), side.records, side.objects));
    }

    private void comparePartition(List<String> flinkLines, List<String> firehoseLines, ParityReport report) {
        // identity -> line -> copies on each side; insertion order keeps examples stable.
        Map<String, Map<String, long[]>> changes = new LinkedHashMap<>();
        for (String line : flinkLines) {
            copies(changes, line)[0]++;
        }
        for (String line : firehoseLines) {
            copies(changes, line)[1]++;
        }
        for (Map.Entry<String, Map<String, long[]>> change : changes.entrySet()) {
            compareChange(change.getKey(), change.getValue(), report);
        }
    }

    private long[] copies(Map<String, Map<String, long[]>> changes, String line) {
        String key = identities.read(line).key();
        return changes.computeIfAbsent(key, k -> new HashMap<>(2)).computeIfAbsent(line, l -> new long[2]);
    }

    private static void compareChange(String identity, Map<String, long[]> lines, ParityReport report) {
        SideReport flink = report.flink();
        SideReport firehose = report.firehose();
        java.util.ArrayDeque<String> flinkLeft = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<String> firehoseLeft = new java.util.ArrayDeque<>();
        for (Map.Entry<String, long[]> entry : lines.entrySet()) {
            String line = entry.getKey();
            long inFlink = entry.getValue()[0];
            long inFirehose = entry.getValue()[1];
            report.matched += Math.min(inFlink, inFirehose);
            if (inFlink > 0 && inFirehose > 0) {
                if (inFlink > inFirehose) {
                    flink.duplicate(line, inFlink - inFirehose);
                } else if (inFirehose > inFlink) {
                    firehose.duplicate(line, inFirehose - inFlink);
                }
            } else {
                for (long i = 0; i < inFlink; i++) {
                    flinkLeft.add(line);
                }
                for (long i = 0; i < inFirehose; i++) {
                    firehoseLeft.add(line);
                }
            }
        }
        while (!flinkLeft.isEmpty() && !firehoseLeft.isEmpty()) {
            report.differs(identity, flinkLeft.poll(), firehoseLeft.poll());
        }
        for (String line : flinkLeft) {
            flink.onlyHere(line, 1);
        }
        for (String line : firehoseLeft) {
            firehose.onlyHere(line, 1);
        }
    }

    /** Errors are few; their digests are held in memory (32 bytes and a count per error). */
    private void compareErrors(PathOutput flinkOutput, PathOutput firehoseOutput, ParityReport report) throws IOException {
        Map<String, long[]> digests = new HashMap<>();
        flinkOutput.readErrors((original, code) -> {
            report.flink().countError(code);
            digests.computeIfAbsent(digest(original), d -> new long[2])[0]++;
        });
        firehoseOutput.readErrors((original, code) -> {
            report.firehose().countError(code);
            digests.computeIfAbsent(digest(original), d -> new long[2])[1]++;
        });
        for (long[] counts : digests.values()) {
            report.flink().errorsOnlyHere += Math.max(0, counts[0] - counts[1]);
            report.firehose().errorsOnlyHere += Math.max(0, counts[1] - counts[0]);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
