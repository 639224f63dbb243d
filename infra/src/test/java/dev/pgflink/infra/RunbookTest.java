package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md stays runnable against the app: every stack output its commands read exists,
 * every operator uid of the job is in its snapshot table, every alarm is in its alarm table.
 */
class RunbookTest {
    /** {@code $(out STACK OUTPUT)}: the runbook's only way to name an ARN or a name. */
    private static final Pattern OUTPUT_USE = Pattern.compile("\\$\\(out (\\S+) (\\S+)\\)");
    private static final Pattern UID = Pattern.compile("\\.uid\\(\"([^\"]+)\"\\)");
    /** A first table cell in backticks: {@code | `IteratorAge` | Storage | …}. */
    private static final Pattern TABLE_NAME = Pattern.compile("(?m)^\\| `([^`]+)`");

    private static String runbook;
    private static List<Synth> configurations;

    @BeforeAll
    static void read() throws Exception {
        runbook = Files.readString(repository().resolve("docs/operations.md"));
        configurations = List.of(Synth.defaults(), Synth.shared(Configurations.EVERYTHING_CREATED),
                Synth.shared(Configurations.EXISTING_RESOURCES_WITHOUT_PARITY));
    }

    @Test
    void everyStackOutputTheCommandsReadExists() {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = OUTPUT_USE.matcher(runbook);
        while (m.find()) {
            used.add(m.group(1) + " " + m.group(2));
        }
        assertThat(used).as("outputs the runbook reads").hasSizeGreaterThanOrEqualTo(10);
        List<String> missing = new ArrayList<>();
        for (String use : used) {
            String[] parts = use.split(" ");
            boolean exists = configurations.stream().anyMatch(synth -> synth.templates.containsKey(parts[0])
                    && synth.json(parts[0]).path("Outputs").has(parts[1]));
            if (!exists) {
                missing.add(use);
            }
        }
        assertThat(missing).as("outputs no stack has").isEmpty();
    }

    @Test
    void itStartsTheTaskAndTheApplicationWithTheOutputs() {
        assertThat(runbook).contains("aws dms start-replication-task --replication-task-arn \"$(out PgflinkCapture ReplicationTaskArn)\"")
                .contains("aws kinesisanalyticsv2 start-application --application-name \"$(out PgflinkFlink ApplicationName)\"");
    }

    @Test
    void everyOperatorUidOfTheJobIsInTheSnapshotTable() throws Exception {
        String job = Files.readString(repository().resolve("job/src/main/java/dev/pgflink/job/StreamingJob.java"));
        Set<String> uids = new LinkedHashSet<>();
        Matcher m = UID.matcher(job);
        while (m.find()) {
            uids.add(m.group(1));
        }
        assertThat(uids).isNotEmpty();
        assertThat(tableNames()).containsAll(uids);
    }

    @Test
    void everyAlarmIsInTheAlarmTable() throws Exception {
        Set<String> documented = new LinkedHashSet<>();
        tableNames().forEach(name -> documented.add(normalized(name)));
        List<String> undocumented = new ArrayList<>();
        for (Synth synth : configurations) {
            synth.templates.keySet().forEach(stack -> Templates.resources(synth.json(stack), "AWS::CloudWatch::Alarm")
                    .keySet().forEach(logicalId -> {
                        // CDK's logical id: the construct path's ids, then an 8-character hash.
                        String id = normalized(logicalId.substring(0, logicalId.length() - 8));
                        if (documented.stream().noneMatch(id::endsWith)) {
                            undocumented.add(stack + "/" + logicalId);
                        }
                    }));
        }
        assertThat(undocumented).isEmpty();
        JsonNode rules = Synth.defaults().json("PgflinkCapture");
        assertThat(Templates.resources(rules, "AWS::Events::Rule").keySet()).allSatisfy(id ->
                assertThat(documented).contains(normalized(id.substring(0, id.length() - 8))));
    }

    @Test
    void itLinksTheCostComparisonAndTheReadmeLinksIt() throws Exception {
        assertThat(runbook).contains("(benchmarks.md)");
        assertThat(Files.readString(repository().resolve("README.md"))).contains("(docs/operations.md)");
    }

    private static List<String> tableNames() {
        List<String> names = new ArrayList<>();
        Matcher m = TABLE_NAME.matcher(runbook);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String normalized(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private static Path repository() {
        return Path.of(System.getProperty("pgflink.repository.root", ".."));
    }
}
