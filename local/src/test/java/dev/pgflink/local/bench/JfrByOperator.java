package dev.pgflink.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a bench's CPU went, per thread (a thread is one chain of operators) and per part of the job:
 * reads the execution samples of a JFR recording and gives each sample to the first frame, from the
 * top, that belongs to a known part (JDK frames count for their caller).
 *
 * <p>Record with {@code -Dbench.heap="1g -XX:StartFlightRecording=filename=bench.jfr,settings=profile"},
 * then: {@code java -cp local/target/test-classes dev.pgflink.local.bench.JfrByOperator bench.jfr}.
 */
public final class JfrByOperator {
    private static final Map<String, Pattern> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("serialization across the network (keyBy, raw task)", Pattern.compile(
                "^org\\.apache\\.flink\\.(api\\.java\\.typeutils\\.runtime|api\\.common\\.typeutils|runtime\\.io\\.network"
                        + "|runtime\\.io\\.disk|core\\.memory|streaming\\.runtime\\.streamrecord\\.StreamElementSerializer"
                        + "|runtime\\.plugable|streaming\\.runtime\\.io\\.RecordWriterOutput)"));
        PARTS.put("flatten transform (core)", Pattern.compile("^dev\\.pgflink\\.core\\.(flat|dms)"));
        PARTS.put("raw/error line encoding", Pattern.compile(
                "^dev\\.pgflink\\.core\\.layout|^dev\\.pgflink\\.job\\.sink\\.OutputLines\\.(raw|error)"));
        PARTS.put("window tracker and its state", Pattern.compile("^dev\\.pgflink\\.job\\.transform\\.(WindowTracker|WindowManifest)"
                + "|^org\\.apache\\.flink\\.runtime\\.state|^org\\.apache\\.flink\\.streaming\\.api\\.operators\\.(InternalTimer"
                + "|HeapInternalTimer|KeyedProcessOperator)"));
        PARTS.put("key selector, key groups", Pattern.compile("^dev\\.pgflink\\.job\\.transform\\.TableBuckets|KeyGroupRangeAssignment|MathUtils"));
        PARTS.put("watermarks", Pattern.compile("^dev\\.pgflink\\.job\\.transform\\.QuietTimeWatermarks|TimestampsAndWatermarksOperator"));
        PARTS.put("FileSink writer", Pattern.compile(
                "^org\\.apache\\.flink\\.(connector\\.file|streaming\\.api\\.functions\\.sink\\.filesystem|core\\.fs)|^dev\\.pgflink\\.job\\.sink"));
        PARTS.put("S3A client", Pattern.compile("^org\\.apache\\.hadoop|^com\\.amazonaws|^software\\.amazon|^org\\.apache\\.flink\\.fs"));
        PARTS.put("S3Proxy", Pattern.compile("^org\\.gaul|^org\\.eclipse\\.jetty|^org\\.jclouds"));
        PARTS.put("bench", Pattern.compile("^dev\\.pgflink\\.local\\.bench|NumberSequence|^org\\.apache\\.flink\\.api\\.connector\\.source"));
        PARTS.put("Kinesis consumer", Pattern.compile("^org\\.apache\\.flink\\.(streaming\\.connectors\\.kinesis|kinesis)"));
        PARTS.put("passing records within a task", Pattern.compile("^org\\.apache\\.flink\\.streaming\\.(runtime|api\\.operators)"));
        PARTS.put("other Flink (checkpoints, runtime)", Pattern.compile("^org\\.apache\\.flink"));
    }

    private JfrByOperator() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, Integer>> byThread = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            RecordedThread thread = event.getThread("sampledThread");
            String group = group(thread == null ? "?" : String.valueOf(thread.getJavaName()));
            byThread.computeIfAbsent(group, g -> new HashMap<>()).merge(part(event.getStackTrace().getFrames()), 1, Integer::sum);
            total++;
        }
        int all = total;
        byThread.entrySet().stream()
                .sorted((a, b) -> Integer.compare(sum(b.getValue()), sum(a.getValue())))
                .forEach(e -> {
                    int n = sum(e.getValue());
                    System.out.printf("%5.1f %%  %s (%d samples)%n", 100.0 * n / all, e.getKey(), n);
                    e.getValue().entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                            .forEach(p -> System.out.printf("          %5.1f %%  %s%n", 100.0 * p.getValue() / n, p.getKey()));
                });
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String part(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, Pattern> part : PARTS.entrySet()) {
                if (part.getValue().matcher(type).find()) {
                    return part.getKey();
                }
            }
        }
        return "JDK, other";
    }

    /** Threads by what runs in them: a Flink task thread is one chain of operators. */
    private static String group(String thread) {
        String name = thread.replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "");
        if (name.startsWith("shardConsumers-")) {
            return "Kinesis shard consumers (GetRecords, then the operators chained to the source)";
        }
        if (name.startsWith("qtp") || name.startsWith("S3Proxy")) {
            return "S3Proxy";
        }
        if (name.startsWith("pool-") || name.startsWith("s3a-")) {
            return "S3A uploads";
        }
        return name.replaceAll("\\d+", "#");
    }
}
