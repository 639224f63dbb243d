package dev.pgflink.local.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the npm-installed emulators ({@code local/node_modules}, installed by the Maven build
 * with {@code npm ci}) and the preload script, from the module directory or the repository root.
 */
final class EmulatorFiles {
    /** Overrides where {@code node_modules} is looked for. */
    static final String DIR_PROPERTY = "pgflink.emulators.dir";

    private EmulatorFiles() {
    }

    static Path moduleDir() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            candidates.add(Paths.get(configured));
        }
        Path cwd = Paths.get("").toAbsolutePath();
        candidates.add(cwd);
        candidates.add(cwd.resolve("local"));
        candidates.add(cwd.resolveSibling("local"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("emulator-preload.js"))) {
                if (!Files.isDirectory(candidate.resolve("node_modules"))) {
                    throw new IllegalStateException("the Kinesis emulators are not installed in " + candidate
                            + "/node_modules: run ./mvnw -pl local generate-resources (it runs npm ci)");
                }
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the local/ module (with emulator-preload.js) from " + cwd
                + "; run from the repository root or set -D" + DIR_PROPERTY + "=path/to/local");
    }

    static Path logDir() {
        return Paths.get(System.getProperty("pgflink.services.logDir",
                moduleDir().resolve("target").resolve("service-logs").toString()));
    }
}
