package dev.pgflink.infra;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;

/**
 * The roles that use the customer-managed KMS key, and what each does with it. Each has a fixed
 * name (per region), so the key policy in the storage stack can name them without referring to
 * the stacks that create them: those stacks refer to the key, and a reference back would be a
 * cycle. The Firehose transformation Lambda is not one of them: Firehose hands it records in
 * memory and it keeps nothing.
 */
enum KeyUser {
    /** Reads the stream (decrypt) and writes the bucket (a data key per object, decrypt for multipart uploads). */
    FLINK_JOB("pgflink-flink-job", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of("kinesis", "s3")),
    /** Firehose: reads the stream and writes the bucket, as the job does. */
    FIREHOSE("pgflink-firehose", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of("kinesis", "s3")),
    /** DMS's Kinesis target: writes the stream (a data key per record batch). */
    DMS_WRITER("pgflink-dms-writer", List.of("kms:GenerateDataKey"), List.of("kinesis"));

    private final String namePrefix;
    private final List<String> actions;
    private final List<String> services;

    KeyUser(String namePrefix, List<String> actions, List<String> services) {
        this.namePrefix = namePrefix;
        this.actions = actions;
        this.services = services;
    }

    /** The role's name: IAM names are global to the account, so the region is part of it. */
    String roleName(Stack stack) {
        return namePrefix + "-" + stack.getRegion();
    }

    String roleArn(Stack stack) {
        return stack.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(roleName(stack)).build());
    }

    /** The key policy statement's id: {@code FlinkJobUsesKey}. */
    String sid() {
        StringBuilder sid = new StringBuilder();
        for (String word : name().split("_")) {
            sid.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sid + "UsesKey";
    }

    List<String> actions() {
        return actions;
    }

    /** The services that call KMS for the role ({@code kms:ViaService}): it never uses the key directly. */
    List<String> viaServices(Stack stack) {
        return services.stream().map(service -> service + "." + stack.getRegion() + ".amazonaws.com").toList();
    }

    /**
     * The role's own side of the grant: these actions on this key, nothing else. Without a
     * customer-managed key (null) there is nothing to grant.
     */
    void grantTo(Role role, IKey key) {
        if (key != null) {
            role.addToPolicy(Iam.allow(actions, key.getKeyArn()));
        }
    }
}
