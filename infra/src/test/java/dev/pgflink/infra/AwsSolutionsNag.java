package dev.pgflink.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * cdk-nag's AwsSolutions pack on every stack of the app, with this project's suppressions: each
 * names the finding it accepts, where, and why. Anything else the pack reports fails
 * {@link AwsSolutionsTest}.
 */
final class AwsSolutionsNag {
    private AwsSolutionsNag() {
    }

    static void apply(List<Stack> stacks) {
        for (Stack stack : stacks) {
            Aspects.of(stack).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
            switch (stack.getStackName()) {
                case DmsServiceRolesStack.ID -> serviceRoles(stack);
                case "PgflinkStorage" -> storage(stack);
                case "PgflinkCapture" -> capture(stack);
                case "PgflinkFlink" -> flink(stack);
                case "PgflinkParity" -> parity(stack);
                case "PgflinkLakeCatalog" -> { } // Glue tables and views only: nothing to suppress
                default -> throw new IllegalStateException("a stack with no suppressions decided: " + stack.getStackName());
            }
        }
    }

    /** The one exemption from "no managed policies" in the whole app (also in the IAM test). */
    private static void serviceRoles(Stack stack) {
        String reason = "DMS looks these account-wide roles up by name; AWS documents them with these AWS managed "
                + "policies, which AWS keeps current as DMS changes (AWS DMS User Guide, 'Creating the IAM roles to use "
                + "with the AWS CLI and AWS DMS API', https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html"
                + "#CHAP_Security.APIRole). Nothing else in the app uses a managed policy";
        suppress(child(stack, "VpcRole"), "AwsSolutions-IAM4", reason,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSVPCManagementRole");
        suppress(child(stack, "CloudWatchLogsRole"), "AwsSolutions-IAM4", reason,
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole");
    }

    private static void storage(Stack stack) {
        suppress(child(stack, "Outputs"), "AwsSolutions-S1", "Server access logs would need a second bucket per "
                + "deployment; object-level access to the lake is audited with CloudTrail S3 data events on the "
                + "account's trail, and the error prefixes have request metrics with alarms");
        IConstruct changes = child(stack, "Changes");
        // Only with pgflink:kmsKey set: the warning is about the cost of a customer-managed key.
        suppress(changes, "AwsSolutions-KDS3", "A customer-managed key is what pgflink:kmsKey asks for: the operator "
                + "controls the key of the change stream (its cost is in docs/operations.md)");
    }

    private static void capture(Stack stack) {
        IConstruct secret = stack.getNode().tryFindChild("SourceDatabase");
        if (secret != null) {
            suppress(secret, "AwsSolutions-SMG4", "The secret holds the password of a user of the source PostgreSQL, "
                    + "which this app does not manage: a rotation function would have to change that database user. "
                    + "Rotate it with the database's procedure and update the secret (docs/operations.md)");
        }
    }

    private static void flink(Stack stack) {
        suppress(child(stack, "Role"), "AwsSolutions-IAM5", "Object actions on the keys under flink/, the prefix "
                + "the job owns: S3 names the objects of a prefix only with a wildcard", regexResource("/flink/\\*"));
    }

    private static void parity(Stack stack) {
        suppress(child(stack, "DeliveryRole"), "AwsSolutions-IAM5", "Object actions on the keys under firehose/, the "
                + "prefix Firehose owns: S3 names the objects of a prefix only with a wildcard",
                regexResource("/firehose/\\*"));
        suppress(child(stack, "DeliveryStream"), "AwsSolutions-KDF1", "A delivery stream that reads a Kinesis stream "
                + "has no server-side encryption of its own (Firehose keeps no data at rest then): the records are "
                + "encrypted in the source stream, and in S3 by the bucket's encryption");
        suppress(child(stack, "Transform"), "AwsSolutions-L1", "lambda-compat is built and tested for the Java 21 "
                + "runtime (README, Modules); the runtime moves with that module, not here");
    }

    private static IConstruct child(Stack stack, String id) {
        return stack.getNode().findChild(id);
    }

    private static void suppress(IConstruct construct, String rule, String reason, Object... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }

    /** An IAM5 finding on a resource ending in {@code suffix} (a regex), whatever token the bucket ARN is. */
    private static RegexAppliesTo regexResource(String suffix) {
        return RegexAppliesTo.builder().regex("/^Resource::.*" + suffix + "$/").build();
    }
}
