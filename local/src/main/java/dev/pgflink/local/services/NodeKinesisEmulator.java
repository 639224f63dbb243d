package dev.pgflink.local.services;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Kinesis emulator from npm, run by Node as a child process bound to 127.0.0.1. */
abstract class NodeKinesisEmulator implements KinesisService {
    private final int port;
    private final ChildProcess process;

    NodeKinesisEmulator(String name, int port, Path workingDir, String script, List<String> args,
            Map<String, String> env, Duration startTimeout) {
        this.port = port;
        Loopback.requireFree(port, name);
        Path moduleDir = EmulatorFiles.moduleDir();
        List<String> command = new ArrayList<>(List.of("node", "-r",
                moduleDir.resolve("emulator-preload.js").toString(), script));
        command.addAll(args);
        this.process = ChildProcess.start(name, command, workingDir, env,
                EmulatorFiles.logDir().resolve(name + "-" + port + ".log"));
        try {
            Loopback.awaitListening(port, startTimeout, name, process::checkAlive);
        } catch (RuntimeException e) {
            process.stop();
            throw e;
        }
    }

    @Override
    public URI endpoint() {
        return URI.create("http://" + Loopback.HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void checkRunning() {
        process.checkAlive();
    }

    @Override
    public void close() {
        process.stop();
    }

    @Override
    public String toString() {
        return name() + " at " + endpoint();
    }
}
