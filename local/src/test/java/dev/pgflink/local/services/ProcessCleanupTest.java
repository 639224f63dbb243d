package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    @Test
    void closingAnEmulatorEndsItsProcessTreeAndFreesThePort() throws InterruptedException {
        Kinesalite kinesalite = Kinesalite.start();
        long pid = kinesalite.pid();
        int port = kinesalite.port();

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
            new ProcessBuilder("kill", "-INT", Long.toString(kinesalite.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(500);

            assertThat(ProcessHandle.of(kinesalite.pid()).map(ProcessHandle::isAlive)).contains(true);
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
    void aBusyPortIsReportedByName() {
        try (LocalS3 s3 = LocalS3.startInMemory()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kinesalite.start(s3.port()))
                    .hasMessageContaining("kinesalite cannot start: port " + s3.port())
                    .hasMessageContaining("already in use");
        }
    }
}
