package dev.pgflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as Managed Flink (runtime FLINK-1_19, Java 11) receives it. Runs after
 * {@code package}, in the {@code verify} phase.
 */
class ShadedJarIT {
    private static final int JAVA_11_MAJOR = 55;
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/.*");
    private static List<String> entries;
    private static Path jar;

    @BeforeAll
    static void findJar() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("pgflink-job-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no job jar in target/: run the package phase"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(JarEntry::getName).collect(Collectors.toList());
        }
    }

    @Test
    void holdsNoClassAboveJava11() throws IOException {
        List<String> tooNew = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                Matcher versioned = VERSIONED.matcher(entry.getName());
                // Multi-release entries for a newer Java are never loaded by a Java 11 runtime.
                if (!entry.getName().endsWith(".class")
                        || versioned.matches() && Integer.parseInt(versioned.group(1)) > 11) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    DataInputStream data = new DataInputStream(in);
                    data.readInt();
                    data.readUnsignedShort();
                    if (data.readUnsignedShort() > JAVA_11_MAJOR) {
                        tooNew.add(entry.getName());
                    }
                }
            }
        }
        assertThat(tooNew).isEmpty();
    }

    @Test
    void carriesTheJobCoreAndTheKinesisConnector() {
        assertThat(entries).contains("dev/pgflink/job/StreamingJob.class", "dev/pgflink/core/flat/FlattenTransform.class",
                "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class",
                "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class");
    }

    @Test
    void leavesFlinkItselfAndEverythingLocalOut() {
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/connector/file/"))
                .noneMatch(e -> e.startsWith("dev/pgflink/local/"))
                .noneMatch(e -> e.startsWith("org/junit/") || e.startsWith("org/assertj/"))
                .noneMatch(e -> e.startsWith("org/gaul/") || e.startsWith("io/zonky/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"));
    }

    @Test
    void namesTheJobAsItsMainClass() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.pgflink.job.StreamingJob");
        }
    }
}
