package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No emulator outlives whoever started it. */
class ProcessCleanupTest {

    private static boolean gone(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The emulator serving {@code port}: the child of this JVM started with {@code --port PORT}. */
    private static long emulatorServing(int port) {
        List<String> portArguments = List.of("--port", Integer.toString(port));
        return ProcessHandle.current().children()
                .filter(child -> Collections.indexOfSubList(child.info().arguments().map(List::of).orElse(List.of()),
                        portArguments) >= 0)
                .findFirst().orElseThrow(() -> new AssertionError("no child process serves port " + port)).pid();
    }

    @Test
    void closingAnEmulatorEndsItsProcessTreeAndFreesThePort() throws InterruptedException {
        Kinesalite kinesalite = Kinesalite.start();
        int port = kinesalite.port();
        long pid = emulatorServing(port);

        kinesalite.close();

        assertThat(gone(pid, Duration.ofSeconds(10))).isTrue();
        assertThat(Loopback.isListening(port)).isFalse();
        kinesalite.close();
    }

    @Test
    void ctrlCInATerminalLeavesStoppingTheEmulatorToItsJvm() throws Exception {
        // Ctrl-C signals the whole foreground process group; the local pipeline still needs the
        // stream to drain both paths after it.
        try (Kinesalite kinesalite = Kinesalite.start();
                software.amazon.awssdk.services.kinesis.KinesisClient client = kinesalite.newClient()) {
            long pid = emulatorServing(kinesalite.port());
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(500);

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(client.listStreams().streamNames()).isNotNull();
        }
    }

    @Test
    void anEmulatorWhoseParentIsKilledExitsByItself() throws IOException, InterruptedException {
        // A shell stands in for a JVM that dies with kill -9 and so never stops its children.
        String preload = EmulatorFiles.moduleDir().resolve("emulator-preload.js").toString();
        Process parent = new ProcessBuilder("sh", "-c",
                "PGFLINK_PARENT_PID=$$ node -r '" + preload + "' -e 'setInterval(() => {}, 1000)' & echo $!; wait")
                .start();
        long child = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                parent.getInputStream(), StandardCharsets.US_ASCII)).readLine().trim());
        assertThat(ProcessHandle.of(child)).isPresent();

        parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);

        assertThat(gone(child, Duration.ofSeconds(10))).as("node child " + child + " exited").isTrue();
    }

    @Test
    void postgresDoesNotOutliveAJvmKilledWithSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresInAnotherJvm.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Path dataDirectory;
        long postmaster;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            dataDirectory = Path.of(out.readLine());
            postmaster = Long.parseLong(out.readLine());
            assertThat(out.readLine()).isEqualTo("ready");
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        }

        assertThat(gone(postmaster, Duration.ofSeconds(20))).as("postmaster " + postmaster + " stopped").isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(dataDirectory) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dataDirectory).as("the throwaway data directory is removed").doesNotExist();
    }

    @Test
    void aBusyPortIsReportedByName() {
        try (LocalS3 s3 = LocalS3.startInMemory()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kinesalite.start(s3.port()))
                    .hasMessageContaining("kinesalite cannot start: port " + s3.port())
                    .hasMessageContaining("already in use");
        }
    }
}
