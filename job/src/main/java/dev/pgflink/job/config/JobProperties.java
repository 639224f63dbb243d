package dev.pgflink.job.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the property groups come from: on Managed Flink, the application's runtime properties;
 * locally, a JSON file in the same shape ({@code --config path}), with {@code --Group.key value}
 * arguments overriding single properties.
 */
public final class JobProperties {
    private JobProperties() {
    }

    /** Submits to the cluster the job runs on instead of starting a MiniCluster (e.g. Flink in Docker). */
    public static final String CLUSTER_FLAG = "--cluster";

    /** True when the arguments ask for a local run: a configuration file, and no {@code --cluster}. */
    public static boolean isLocal(String[] args) {
        return configFile(args) != null && !java.util.Arrays.asList(args).contains(CLUSTER_FLAG);
    }

    public static Map<String, Properties> load(String[] args) {
        String file = configFile(args);
        Map<String, Properties> groups;
        try {
            if (file == null) {
                groups = KinesisAnalyticsRuntime.getApplicationProperties();
            } else {
                Path path = Paths.get(file);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("configuration file not found: " + path.toAbsolutePath());
                }
                groups = KinesisAnalyticsRuntime.getApplicationProperties(path.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the application properties: " + e.getMessage(), e);
        }
        Map<String, Properties> copy = new HashMap<>();
        groups.forEach((group, properties) -> {
            Properties p = new Properties();
            p.putAll(properties);
            copy.put(group, p);
        });
        applyOverrides(args, copy);
        return copy;
    }

    private static String configFile(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return args[i + 1];
            }
        }
        return null;
    }

    /** {@code --Group.key value} sets one property; the group is the text before the first dot. */
    static void applyOverrides(String[] args, Map<String, Properties> groups) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(CLUSTER_FLAG)) {
                continue;
            }
            if (!arg.startsWith("--") || arg.equals("--config")) {
                if (arg.equals("--config")) {
                    i++;
                }
                continue;
            }
            String name = arg.substring(2);
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1 || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --config FILE, --cluster and --Group.key VALUE, not '"
                        + arg + "'");
            }
            groups.computeIfAbsent(name.substring(0, dot), g -> new Properties())
                    .setProperty(name.substring(dot + 1), args[++i]);
        }
    }
}
