package dev.pgflink.local.cluster;

import dev.pgflink.local.services.Loopback;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Flink 1.19 standalone session cluster as a user runs one: a JobManager and a TaskManager, each
 * its own JVM, configured from a {@code conf/} directory, S3 through the {@code s3-fs-hadoop}
 * plugin. {@code flink-dist} is not served here, so {@code lib/} is Flink's runtime modules from
 * this build's test classpath, without anything of this project and without the Kinesis
 * connector: those reach the cluster only inside the submitted job jar, as on a real cluster.
 */
final class StandaloneFlinkCluster implements AutoCloseable {
    /** The Java 17 module openings Flink's own scripts pass (flink-dist's default config). */
    private static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path home;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private Process taskManager;

    private StandaloneFlinkCluster(Path home, int restPort) {
        this.home = home;
        this.restPort = restPort;
    }

    /**
     * Starts a cluster under {@code home} with the given extra configuration (S3 settings) and no
     * checkpoint interval, as a cluster whose operator never set one.
     */
    static StandaloneFlinkCluster start(Path home, Map<String, String> settings, Map<String, String> environment)
            throws IOException, InterruptedException {
        int restPort = Loopback.freePort();
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(home, restPort);
        try {
            cluster.writeConfiguration(restPort, settings);
            cluster.startProcess("jobmanager", "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", environment);
            Loopback.awaitListening(restPort, Duration.ofSeconds(60), "the JobManager's REST endpoint", () -> { });
            cluster.taskManager = cluster.startProcess("taskmanager", "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", environment);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    int restPort() {
        return restPort;
    }

    long taskManagerPid() {
        return taskManager.pid();
    }

    Path log(String process) {
        return home.resolve("log").resolve(process + ".log");
    }

    private void writeConfiguration(int rest, Map<String, String> settings) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("jobmanager.rpc.address", Loopback.HOST);
        config.put("jobmanager.rpc.port", Integer.toString(Loopback.freePort()));
        config.put("jobmanager.bind-host", Loopback.HOST);
        config.put("taskmanager.bind-host", Loopback.HOST);
        config.put("taskmanager.host", Loopback.HOST);
        config.put("rest.address", Loopback.HOST);
        config.put("rest.bind-address", Loopback.HOST);
        config.put("rest.port", Integer.toString(rest));
        config.put("jobmanager.memory.process.size", "768m");
        config.put("taskmanager.memory.process.size", "1280m");
        config.put("taskmanager.numberOfTaskSlots", "2");
        config.put("parallelism.default", "2");
        config.put("blob.server.port", Integer.toString(Loopback.freePort()));
        config.put("taskmanager.rpc.port", Integer.toString(Loopback.freePort()));
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "10");
        config.put("restart-strategy.fixed-delay.delay", "1 s");
        config.putAll(settings);
        Files.write(conf.resolve("flink-conf.yaml"), config.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toList()), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.file.ref = FileAppender",
                "appender.file.name = FileAppender", "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}", "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n", ""));
        Path plugin = Files.createDirectories(home.resolve("plugins/s3-fs-hadoop"));
        Path s3 = classpathEntries().stream().filter(p -> p.getFileName().toString().startsWith("flink-s3-fs-hadoop-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("flink-s3-fs-hadoop is not on the classpath"));
        Files.copy(s3, plugin.resolve(s3.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private Process startProcess(String name, String resourceParams, String mainClass, Map<String, String> environment)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = libClasspath();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JAVA_17_OPENS);
        List<String> dynamic = new ArrayList<>();
        // The memory flags Flink's start scripts compute with BashJavaUtils.
        for (String line : run(List.of(java, "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                resourceParams, "--configDir", home.resolve("conf").toString()))) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                String value = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                if (value.startsWith("-D ")) {
                    dynamic.addAll(Arrays.asList(value.split(" ")));
                } else if (!value.isEmpty()) {
                    command.addAll(Arrays.asList(value.split(" ")));
                }
            }
        }
        // Soft references are cleared at every GC here, so a class loader held only softly (the JDK's
        // serialization and reflection caches keep Class objects that way until memory is short)
        // is not mistaken for a leak; a strongly held one, as by an MBean, still is.
        command.add("-XX:SoftRefLRUPolicyMSPerMB=0");
        Path log = log(name);
        Files.createDirectories(log.getParent());
        command.addAll(List.of("-Dlog.file=" + log, "-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"),
                "-cp", classpath, mainClass, "--configDir", home.resolve("conf").toString()));
        command.addAll(dynamic);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("log").resolve(name + ".out").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("FLINK_PLUGINS_DIR", home.resolve("plugins").toString());
        builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .collect(Collectors.toList());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + lines);
        }
        return lines;
    }

    /** This JVM's classpath without the project's classes, the Kinesis connector and the S3 plugin. */
    private static String libClasspath() {
        // Directories are this build's classes (target/classes, test-classes); pgflink jars are its modules.
        return classpathEntries().stream().filter(entry -> !Files.isDirectory(entry)).map(Path::toString)
                .filter(entry -> !entry.contains("pgflink") && !entry.contains("flink-connector-kinesis")
                        && !entry.contains("flink-connector-aws") && !entry.contains("flink-s3-fs-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<Path> classpathEntries() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Reads a file of the cluster's, for failure messages. */
    String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
