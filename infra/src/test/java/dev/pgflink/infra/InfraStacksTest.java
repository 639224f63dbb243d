package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgflink.core.config.JobProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The CDK app synthesized offline; every stack's key resources and security properties asserted. */
class InfraStacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Synth synth;

    @BeforeAll
    static void synthesize() throws Exception {
        synth = Synth.in(work, "app", Map.of("pgflink:rawRetentionDays", "7", "pgflink:tableMappings",
                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"orders\",\"object-locator\":"
                        + "{\"schema-name\":\"delivery\",\"table-name\":\"orders\"},\"rule-action\":\"include\"}]}"));
    }

    @Test
    void theBucketIsEncryptedPrivateTlsOnlyWithLifecycleRules() {
        Template storage = synth.template("PgflinkStorage");
        storage.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Map.of("Id", "flink-raw", "Prefix", "flink/raw/", "ExpirationInDays", 7, "Status", "Enabled"),
                        Map.of("Id", "firehose-raw", "Prefix", "firehose/raw/", "ExpirationInDays", 7, "Status", "Enabled"),
                        Map.of("Id", "flink-errors", "Prefix", "flink/errors/", "ExpirationInDays", 90, "Status", "Enabled"))))));
        storage.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        storage.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void theStreamIsEncryptedAndOnDemandByDefault() throws Exception {
        synth.template("PgflinkStorage").hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                "StreamEncryption", Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis"),
                "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND")));

        Synth.in(work, "provisioned", Map.of("pgflink:streamMode", "PROVISIONED", "pgflink:shardCount", "4"))
                .template("PgflinkStorage").hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                        "ShardCount", 4, "StreamModeDetails", Map.of("StreamMode", "PROVISIONED")));
    }

    @Test
    void dmsReadsCredentialsFromSecretsManagerAndWritesJsonUnformattedToTheStream() {
        Template capture = synth.template("PgflinkCapture");
        capture.hasResourceProperties("AWS::DMS::Endpoint", Map.of("EndpointType", "source", "EngineName", "postgres",
                "SslMode", "require", "PostgreSqlSettings", Map.of(
                        "SecretsManagerSecretId", Match.anyValue(), "SecretsManagerAccessRoleArn", Match.anyValue())));
        capture.hasResourceProperties("AWS::DMS::Endpoint", Map.of("EndpointType", "target", "EngineName", "kinesis",
                "KinesisSettings", Map.of("MessageFormat", "json-unformatted", "IncludeTransactionDetails", true,
                        "IncludeTableAlterOperations", true, "IncludeControlDetails", true, "IncludeNullAndEmpty", false,
                        "IncludePartitionValue", false, "PartitionIncludeSchemaTable", false,
                        "StreamArn", Match.anyValue(), "ServiceAccessRoleArn", Match.anyValue())));
        capture.hasResourceProperties("AWS::DMS::ReplicationInstance", Map.of("PubliclyAccessible", false,
                "ReplicationInstanceClass", "dms.t3.medium"));
        capture.hasResourceProperties("AWS::DMS::ReplicationTask", Map.of("MigrationType", "cdc",
                "TableMappings", Match.stringLikeRegexp(".*\"table-name\":\"orders\".*")));
        capture.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "source", List.of("aws.dms"), "detail", Map.of("eventType", List.of("REPLICATION_TASK_FAILED"))))));
        capture.resourceCountIs("AWS::EC2::VPNGateway", 1);
        capture.resourceCountIs("AWS::EC2::InternetGateway", 0);
    }

    @Test
    void noPasswordIsInAnyTemplate() {
        synth.templates.forEach((name, template) -> {
            String text = template.toJSON().toString();
            assertThat(text).as(name).doesNotContainIgnoringCase("\"Password\"").doesNotContain("SecretString\"");
        });
        Map<String, Map<String, Object>> endpoints = synth.template("PgflinkCapture").findResources("AWS::DMS::Endpoint");
        endpoints.values().forEach(endpoint -> assertThat(JSON.valueToTree(endpoint).path("Properties").has("Password")).isFalse());
    }

    @Test
    void theFlinkApplicationRunsTheJobJarWithTheJobsPropertyGroups() throws Exception {
        Template flink = synth.template("PgflinkFlink");
        flink.hasResourceProperties("AWS::KinesisAnalyticsV2::Application", Map.of(
                "RuntimeEnvironment", "FLINK-1_19",
                "ApplicationConfiguration", Match.objectLike(Map.of(
                        "FlinkApplicationConfiguration", Map.of(
                                "CheckpointConfiguration", Map.of("ConfigurationType", "CUSTOM", "CheckpointingEnabled", true,
                                        "CheckpointInterval", 60000, "MinPauseBetweenCheckpoints", 5000),
                                "ParallelismConfiguration", Map.of("ConfigurationType", "CUSTOM", "Parallelism", 2,
                                        "ParallelismPerKPU", 1, "AutoScalingEnabled", true),
                                "MonitoringConfiguration", Match.objectLike(Map.of("LogLevel", "INFO")))))));
        flink.resourceCountIs("AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption", 1);

        JsonNode groups = Templates.propertyGroups(synth.json("PgflinkFlink"));
        Map<String, Set<String>> deployed = new HashMap<>();
        groups.forEach(g -> deployed.put(g.path("PropertyGroupId").asText(), fieldNames(g.path("PropertyMap"))));
        Map<String, Set<String>> local = new HashMap<>();
        Path example = Path.of(System.getProperty("pgflink.repository.root", ".."), "job", "local-config.example.json");
        JSON.readTree(example.toFile()).forEach(g -> local.put(g.path("PropertyGroupId").asText(), fieldNames(g.path("PropertyMap"))));
        local.remove("Local");
        assertThat(deployed.keySet()).isEqualTo(local.keySet());
        // Every deployed key is one the job reads (JobProperty, the job's own list of its keys).
        deployed.forEach((group, keys) -> assertThat(jobKeys(group)).as(group).containsAll(keys));
        assertThat(deployed.get("KinesisSource")).contains("stream.names", "aws.region", "consumer.type");
        assertThat(deployed.get("Output")).contains("base.path", JobProperty.COMPRESSION.key());
        assertThat(groups.findValuesAsText(JobProperty.COMPRESSION.key())).containsExactly("gzip");
    }

    @Test
    void theSourceEndpointSendsHeartbeatsSoAQuietDatabaseReleasesItsWal() throws Exception {
        synth.template("PgflinkCapture").hasResourceProperties("AWS::DMS::Endpoint", Map.of("EndpointType", "source",
                "PostgreSqlSettings", Match.objectLike(Map.of("HeartbeatEnable", true, "HeartbeatFrequency", 5))));
        Synth.shared(Configurations.EVERYTHING_CREATED).template("PgflinkCapture").hasResourceProperties(
                "AWS::DMS::Endpoint", Map.of("EndpointType", "source",
                        "PostgreSqlSettings", Match.objectLike(Map.of("HeartbeatEnable", true, "HeartbeatFrequency", 2))));
    }

    @Test
    void firehoseReadsTheStreamThroughTheLambdaWithBackupAndErrorPrefixes() {
        Template parity = synth.template("PgflinkParity");
        parity.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "Handler", "dev.pgflink.lambda.FirehoseTransformHandler::handleRequest"));
        parity.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Map.of(
                "DeliveryStreamType", "KinesisStreamAsSource",
                "ExtendedS3DestinationConfiguration", Match.objectLike(Map.of(
                        "Prefix", "firehose/transformed/!{timestamp:yyyy/MM/dd/HH}/",
                        "ErrorOutputPrefix", "firehose/errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/",
                        "BufferingHints", Map.of("IntervalInSeconds", 60, "SizeInMBs", 1),
                        "S3BackupMode", "Enabled",
                        // Gzip, as the job writes by default: the two paths' files stay comparable in kind and cost.
                        "CompressionFormat", "GZIP",
                        "S3BackupConfiguration", Match.objectLike(Map.of("Prefix", "firehose/raw/!{timestamp:yyyy/MM/dd/HH}/",
                                "CompressionFormat", "GZIP")),
                        "ProcessingConfiguration", Map.of("Enabled", true, "Processors", List.of(Map.of("Type", "Lambda",
                                "Parameters", Match.arrayWith(List.of(Map.of("ParameterName", "LambdaArn",
                                        "ParameterValue", Match.anyValue()))))))))));
    }

    @Test
    void withCompressionNoneBothPathsWritePlainJson() throws Exception {
        Synth plain = Synth.shared(Configurations.EVERYTHING_CREATED);
        plain.template("PgflinkParity").hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Map.of(
                "ExtendedS3DestinationConfiguration", Match.objectLike(Map.of("CompressionFormat", "UNCOMPRESSED",
                        "S3BackupConfiguration", Match.objectLike(Map.of("CompressionFormat", "UNCOMPRESSED"))))));
        JsonNode groups = Templates.propertyGroups(plain.json("PgflinkFlink"));
        assertThat(groups.findValuesAsText(JobProperty.COMPRESSION.key())).containsExactly("none");
    }

    @Test
    void alarmsCoverLagErrorsDeliveryAndTheJob() {
        assertThat(alarmMetrics("PgflinkStorage")).contains("GetRecords.IteratorAgeMilliseconds",
                "ReadProvisionedThroughputExceeded", "PutRequests");
        assertThat(alarmMetrics("PgflinkFlink")).contains("downtime", "numberOfFailedCheckpoints", "recordsRejected",
                "recordsLate", "SubscribeToShardEvent.MillisBehindLatest");
        assertThat(alarmMetrics("PgflinkParity")).contains("DeliveryToS3.Success", "ExecuteProcessing.Success");
        assertThat(alarmMetrics("PgflinkCapture")).contains("CDCLatencySource", "CDCLatencyTarget");
        // Every alarm notifies; a stack without alarms (the Glue catalog) has nothing to check.
        synth.templates.values().stream().filter(t -> !t.findResources("AWS::CloudWatch::Alarm").isEmpty())
                .forEach(t -> t.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", Match.anyValue())));
    }

    /**
     * No wildcard action, no {@code *} resource and no managed policy in any role, in every
     * configuration. One exemption: the DMS service roles stack ({@link DmsServiceRolesStack}),
     * whose two roles DMS looks up by name and AWS documents with its managed policies, kept
     * current by AWS as DMS changes (the roles hold nothing else). Key policies: the one
     * {@code kms:*} allowed is CDK's default statement for the account root, which lets IAM
     * policies in the account grant the key and keeps the key administrable (without it a key can
     * become unmanageable); every other statement names its actions.
     */
    @Test
    void everyRoleNamesItsActionsAndResources() throws Exception {
        List<String> violations = new ArrayList<>();
        int[] statementsChecked = {0};
        for (Synth configuration : List.of(synth, Synth.shared(Configurations.EVERYTHING_CREATED),
                Synth.shared(Configurations.EXISTING_RESOURCES_WITHOUT_PARITY))) {
            configuration.templates.keySet().forEach(stack -> {
                JsonNode resources = configuration.json(stack).path("Resources");
                resources.fields().forEachRemaining(resource -> {
                    JsonNode properties = resource.getValue().path("Properties");
                    String type = resource.getValue().path("Type").asText();
                    String where = stack + "/" + resource.getKey();
                    if (type.equals("AWS::IAM::Role") && properties.has("ManagedPolicyArns")
                            && !stack.equals(DmsServiceRolesStack.ID)) {
                        violations.add(where + ": managed policy " + properties.get("ManagedPolicyArns"));
                    }
                    if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::Role")) {
                        properties.findValues("Statement").forEach(statements -> statements.forEach(statement -> {
                            statementsChecked[0]++;
                            for (String action : Templates.strings(statement.path("Action"))) {
                                if (action.contains("*")) {
                                    violations.add(where + ": action " + action);
                                }
                            }
                            for (String target : Templates.strings(statement.path("Resource"))) {
                                if (target.equals("*")) {
                                    violations.add(where + ": resource *");
                                }
                            }
                        }));
                    }
                    if (type.equals("AWS::KMS::Key")) {
                        properties.path("KeyPolicy").path("Statement").forEach(statement -> {
                            boolean wildcard = Templates.strings(statement.path("Action")).stream()
                                    .anyMatch(action -> action.contains("*"));
                            if (wildcard && !isAccountRoot(statement.path("Principal").path("AWS"))) {
                                violations.add(where + ": key policy grants " + statement.path("Action")
                                        + " to " + statement.path("Principal"));
                            }
                            if (wildcard && statement.has("Condition")) {
                                violations.add(where + ": a conditional kms:* statement " + statement);
                            }
                        });
                    }
                });
            });
        }
        assertThat(violations).isEmpty();
        assertThat(statementsChecked[0]).as("IAM statements found in the templates").isGreaterThan(30);
    }

    /** {@code arn:${Partition}:iam::${AccountId}:root}, as CDK writes it. */
    private static boolean isAccountRoot(JsonNode principal) {
        JsonNode parts = principal.path("Fn::Join").path(1);
        return parts.size() == 5 && parts.get(3).path("Ref").asText().equals("AWS::AccountId")
                && parts.get(4).asText().equals(":root");
    }

    @Test
    void badSettingsAreRefusedWithTheKeyToFix() {
        assertThatThrownBy(() -> Synth.in(work, "bad", Map.of("pgflink:migrationType", "full-load")))
                .hasMessageContaining("pgflink:migrationType");
        assertThatThrownBy(() -> Synth.in(work, "bad", Map.of("pgflink:processorBufferMb", "5")))
                .hasMessageContaining("6 MB");
        assertThatThrownBy(() -> Synth.in(work, "bad", Map.of("pgflink:jobJar", "/nope/job.jar")))
                .hasMessageContaining("pgflink:jobJar").hasMessageContaining("./mvnw -pl job -am package");
    }

    @Test
    void cdkJsonHoldsTheDefaultsTheCodeHas() throws Exception {
        Path root = Path.of(System.getProperty("pgflink.repository.root", ".."));
        Map<String, Object> fromFile = new HashMap<>(JSON.convertValue(
                JSON.readTree(root.resolve("infra/cdk.json").toFile()).path("context"), Map.class));
        Map<String, Object> jars = Map.of("pgflink:jobJar", Files.writeString(work.resolve("defaults-job.jar"), "job").toString(),
                "pgflink:lambdaJar", Files.writeString(work.resolve("defaults-lambda.jar"), "lambda").toString());
        fromFile.putAll(jars);
        InfraSettings withFile = InfraSettings.from(App.Builder.create().context(fromFile).build().getNode());
        InfraSettings withoutFile = InfraSettings.from(App.Builder.create().context(jars).build().getNode());
        assertThat(withFile).isEqualTo(withoutFile);
    }

    @Test
    void badValuesOfTheOperationalSettingsAreRefusedWithTheKeyToFix() {
        Map<String, String> refusals = Map.of(
                "pgflink:streamRetentionHours", "12",
                "pgflink:consumerType", "fanout",
                "pgflink:efoConsumerName", "has space",
                "pgflink:kmsKey", "alias/pgflink",
                "pgflink:sourceEngine", "mysql",
                "pgflink:dms.heartbeatFrequencyMinutes", "0",
                "pgflink:sourceWalAlarmMb", "0",
                "pgflink:dmsLatencyAlarmSeconds", "0",
                "pgflink:initialTimestamp", "yesterday");
        refusals.forEach((key, value) -> assertThatThrownBy(
                () -> Synth.in(work, "bad", Map.of(key, value)))
                .as(key + "=" + value).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key));
    }

    private static Set<String> alarmMetrics(String stack) {
        Set<String> metrics = new HashSet<>();
        Templates.alarms(synth.json(stack)).forEach(alarm -> metrics.add(alarm.metricName()));
        return metrics;
    }

    private static Set<String> jobKeys(String group) {
        Set<String> keys = new HashSet<>();
        for (JobProperty property : JobProperty.values()) {
            if (property.group().id().equals(group)) {
                keys.add(property.key());
            }
        }
        return keys;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
