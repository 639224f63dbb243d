package dev.pgflink.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's threads while a job runs, by what the thread does (from its name), and of
 * the whole process and its child processes (the Kinesis emulator). Samples every 100 ms, so a
 * thread that ends keeps its last sample; threads that existed before {@link #start()} count only
 * what they used after it.
 */
final class ThreadCpu implements AutoCloseable {
    /** What a thread is, from its name. */
    enum Role {
        /** Flink task threads ("windows -> transformed (1/2)#0"): every chained operator of a vertex. */
        FLINK_TASKS,
        /** The Kinesis consumer's shard threads: they fetch, and run the operators chained to the source. */
        KINESIS_CONSUMER,
        /** The job's S3 client (flink-s3-fs-hadoop): uploads of the files the sinks write. */
        S3_CLIENT,
        /** S3Proxy's Jetty threads: the emulator, not the job. */
        S3PROXY,
        /** Everything else in the JVM: MiniCluster, checkpoint coordination, RPC, the bench itself. */
        OTHER
    }

    private static final Pattern TASK = Pattern.compile(".* \\(\\d+/\\d+\\)(#\\d+)?$");
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-cpu-sampler");
        t.setDaemon(true);
        return t;
    });
    private Duration processAtStart;
    private Duration childrenAtStart;

    static Role role(String name) {
        if (name.startsWith("shardConsumers-") || name.startsWith("recordEmitter-")) {
            return Role.KINESIS_CONSUMER;
        }
        if (TASK.matcher(name).matches()) {
            return Role.FLINK_TASKS;
        }
        // Unnamed pools: in these benches JFR shows them running S3A's uploads (AWS SDK v1, MD5 of each part).
        if (name.startsWith("s3a-") || name.contains("s3-transfer") || name.startsWith("sdk-")
                || name.startsWith("pool-")) {
            return Role.S3_CLIENT;
        }
        if (name.startsWith("qtp") || name.toLowerCase().contains("s3proxy") || name.contains("jetty")) {
            return Role.S3PROXY;
        }
        return Role.OTHER;
    }

    void start() {
        threads.setThreadCpuTimeEnabled(true);
        synchronized (this) {
            for (long id : threads.getAllThreadIds()) {
                long cpu = threads.getThreadCpuTime(id);
                if (cpu > 0) {
                    baseline.put(id, cpu);
                }
            }
        }
        processAtStart = processCpu();
        childrenAtStart = childrenCpu();
        sampler.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
    }

    synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu > 0 && infos[i] != null) {
                last.put(ids[i], cpu);
                names.put(ids[i], infos[i].getThreadName());
            }
        }
    }

    /** CPU nanoseconds per role since {@link #start()}. */
    synchronized Map<Role, Long> byRole() {
        sample();
        Map<Role, Long> nanos = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            nanos.put(role, 0L);
        }
        last.forEach((id, cpu) -> nanos.merge(role(names.get(id)), cpu - baseline.getOrDefault(id, 0L), Long::sum));
        return nanos;
    }

    /** The threads that used most CPU since {@link #start()}, for the record. */
    synchronized List<String> top(int n) {
        List<Map.Entry<Long, Long>> used = new ArrayList<>();
        last.forEach((id, cpu) -> used.add(Map.entry(id, cpu - baseline.getOrDefault(id, 0L))));
        used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Long, Long> e : used.subList(0, Math.min(n, used.size()))) {
            lines.add(String.format("%8.2f s  %-16s %s", e.getValue() / 1e9, role(names.get(e.getKey())),
                    names.get(e.getKey())));
        }
        return lines;
    }

    /** This JVM's CPU time since {@link #start()}: every thread, GC and JIT included. */
    Duration process() {
        return processCpu().minus(processAtStart);
    }

    /** The CPU time of this JVM's child processes (the Kinesis emulator) since {@link #start()}. */
    Duration children() {
        return childrenCpu().minus(childrenAtStart);
    }

    private static Duration processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static Duration childrenCpu() {
        return ProcessHandle.current().descendants().map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * CPU microseconds per record between an earlier {@link #byRole()} and now, for the records committed in
     * between: leaves out the job's start (class loading, the AWS clients' set-up, most of the JIT's
     * compiling), which the whole-run report spreads over the records.
     */
    String steadyReport(Map<Role, Long> since, long records) {
        Map<Role, Long> nanos = byRole();
        since.forEach((role, before) -> nanos.merge(role, -before, Long::sum));
        return String.format("steady state, %,d records committed mid-run (job start and end left out):%n", records)
                + perRecord(nanos, records);
    }

    /** A report of CPU microseconds per record. */
    String report(long records) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("CPU per record (µs), %,d records:%n", records));
        out.append(perRecord(byRole(), records));
        out.append(String.format("  whole JVM (GC, JIT included)  %8.2f%n", process().toNanos() / 1e3 / records));
        out.append(String.format("  child processes (emulator)    %8.2f%n", children().toNanos() / 1e3 / records));
        out.append("  busiest threads:\n");
        top(12).forEach(line -> out.append("    ").append(line).append('\n'));
        return out.toString();
    }

    /** The job's roles together, then each role. */
    private static String perRecord(Map<Role, Long> nanos, long records) {
        long job = nanos.get(Role.FLINK_TASKS) + nanos.get(Role.KINESIS_CONSUMER) + nanos.get(Role.S3_CLIENT);
        StringBuilder out = new StringBuilder(String.format(
                "  job (task threads + Kinesis consumer threads + S3 client) %8.2f%n", job / 1e3 / records));
        for (Role role : Role.values()) {
            out.append(String.format("    %-18s %8.2f%n", role, nanos.get(role) / 1e3 / records));
        }
        return out.toString();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
