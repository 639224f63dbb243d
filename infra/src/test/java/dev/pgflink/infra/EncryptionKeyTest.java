package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optional customer-managed key: what it encrypts, who may use it, and that "none" keeps AWS's keys. */
class EncryptionKeyTest {
    /** The role names the key policy expects, region appended. */
    private static final Map<KeyUser, String> ROLE_NAMES = Map.of(KeyUser.FLINK_JOB, "pgflink-flink-job-",
            KeyUser.FIREHOSE, "pgflink-firehose-", KeyUser.DMS_WRITER, "pgflink-dms-writer-");

    @Test
    void withoutAKeyTheAppUsesAwsKeysAndGrantsNoKmsAction() throws Exception {
        Synth synth = Synth.defaults();
        synth.templates.keySet().forEach(stack -> {
            assertThat(Templates.resources(synth.json(stack), "AWS::KMS::Key")).as(stack).isEmpty();
            assertThat(synth.json(stack).toString()).as(stack).doesNotContain("kms:");
        });
    }

    @Test
    void aCreatedKeyEncryptsTheBucketTheStreamAndFirehosesObjectsAndOutlivesTheStack() throws Exception {
        Synth synth = Synth.shared(Configurations.EVERYTHING_CREATED);
        JsonNode storage = synth.json("PgflinkStorage");
        Map<String, JsonNode> keys = Templates.resources(storage, "AWS::KMS::Key");
        assertThat(keys).hasSize(1);
        String keyId = keys.keySet().iterator().next();
        JsonNode key = keys.get(keyId);
        assertThat(key.path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
        assertThat(key.path("DeletionPolicy").asText()).as("the retained bucket's data stays readable").isEqualTo("Retain");

        JsonNode sse = Templates.resources(storage, "AWS::S3::Bucket").values().iterator().next().path("Properties")
                .path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0);
        assertThat(sse.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("aws:kms");
        assertThat(sse.path("ServerSideEncryptionByDefault").path("KMSMasterKeyID").toString()).contains(keyId);
        assertThat(sse.path("BucketKeyEnabled").asBoolean()).isTrue();

        JsonNode stream = Templates.resources(storage, "AWS::Kinesis::Stream").values().iterator().next()
                .path("Properties").path("StreamEncryption");
        assertThat(stream.path("EncryptionType").asText()).isEqualTo("KMS");
        assertThat(stream.path("KeyId").toString()).contains(keyId);

        JsonNode firehose = Templates.resources(synth.json("PgflinkParity"), "AWS::KinesisFirehose::DeliveryStream")
                .values().iterator().next().path("Properties").path("ExtendedS3DestinationConfiguration");
        for (JsonNode destination : List.of(firehose, firehose.path("S3BackupConfiguration"))) {
            assertThat(destination.path("EncryptionConfiguration").path("KMSEncryptionConfig").path("AWSKMSKeyARN")
                    .toString()).contains("Key");
        }
    }

    @Test
    void theKeyPolicyGrantsExactlyTheRolesThatUseTheKeyAndTheyHaveTheSameActionsOnIt() throws Exception {
        Synth synth = Synth.shared(Configurations.EVERYTHING_CREATED);
        JsonNode policy = Templates.resources(synth.json("PgflinkStorage"), "AWS::KMS::Key").values().iterator().next()
                .path("Properties").path("KeyPolicy").path("Statement");
        List<String> sids = new ArrayList<>();
        for (JsonNode statement : policy) {
            if (!statement.has("Sid")) {
                continue; // CDK's statement for the account root (see InfraStacksTest's IAM test)
            }
            sids.add(statement.path("Sid").asText());
            KeyUser user = userOf(statement.path("Sid").asText());
            assertThat(Set.copyOf(Templates.strings(statement.path("Action")))).isEqualTo(Set.copyOf(user.actions()));
            assertThat(statement.path("Condition").path("ArnEquals").path("aws:PrincipalArn").toString())
                    .contains(":role/" + ROLE_NAMES.get(user));
            assertThat(statement.path("Condition").path("StringEquals").path("kms:ViaService")).isNotEmpty();
        }
        assertThat(sids).containsExactlyInAnyOrder("FlinkJobUsesKey", "FirehoseUsesKey", "DmsWriterUsesKey");

        assertRoleHasKeyActions(synth.json("PgflinkFlink"), "Role", KeyUser.FLINK_JOB);
        assertRoleHasKeyActions(synth.json("PgflinkParity"), "DeliveryRole", KeyUser.FIREHOSE);
        assertRoleHasKeyActions(synth.json("PgflinkCapture"), "KinesisWriter", KeyUser.DMS_WRITER);
    }

    @Test
    void anExistingKeyIsUsedByItsArnAndNoKeyIsCreated() throws Exception {
        Synth synth = Synth.shared(Configurations.EXISTING_RESOURCES_WITHOUT_PARITY);
        JsonNode storage = synth.json("PgflinkStorage");
        assertThat(Templates.resources(storage, "AWS::KMS::Key")).isEmpty();
        assertThat(Templates.resources(storage, "AWS::Kinesis::Stream").values().iterator().next().path("Properties")
                .path("StreamEncryption").path("KeyId").asText()).isEqualTo(Configurations.EXISTING_KEY);
        for (String stack : List.of("PgflinkFlink", "PgflinkCapture")) {
            assertThat(Templates.resources(synth.json(stack), "AWS::IAM::Policy").values().stream()
                    .flatMap(p -> p.path("Properties").path("PolicyDocument").path("Statement").findValues("Resource").stream())
                    .map(JsonNode::toString)).as(stack).anyMatch(r -> r.contains(Configurations.EXISTING_KEY));
        }
    }

    private static KeyUser userOf(String sid) {
        for (KeyUser user : KeyUser.values()) {
            if (user.sid().equals(sid)) {
                return user;
            }
        }
        throw new AssertionError("a key policy statement for no known role: " + sid);
    }

    /** The role is named as the key policy names it, and may do exactly the key user's actions on the key. */
    private static void assertRoleHasKeyActions(JsonNode template, String roleId, KeyUser user) {
        JsonNode role = Templates.resources(template, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().startsWith(roleId)).findFirst().orElseThrow().getValue();
        assertThat(role.path("Properties").path("RoleName").toString()).contains(ROLE_NAMES.get(user));
        List<JsonNode> kms = Templates.roleStatements(template, roleId).stream()
                .filter(s -> Templates.strings(s.path("Action")).stream().anyMatch(a -> a.startsWith("kms:"))).toList();
        assertThat(kms).as(roleId).singleElement().satisfies(statement -> {
            assertThat(Set.copyOf(Templates.strings(statement.path("Action")))).isEqualTo(Set.copyOf(user.actions()));
            assertThat(statement.path("Resource").toString()).contains("Key");
        });
    }
}
