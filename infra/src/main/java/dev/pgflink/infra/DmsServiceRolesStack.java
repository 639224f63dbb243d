package dev.pgflink.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The two account-wide roles AWS DMS looks up by name: {@code dms-vpc-role} (DMS creates the
 * network interfaces of replication subnet groups and instances with it) and
 * {@code dms-cloudwatch-logs-role} (task logging). DMS requires these exact names, and AWS
 * documents them with its managed policies, which it keeps current as DMS changes ("Creating the
 * IAM roles to use with the AWS CLI and AWS DMS API",
 * https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole). So
 * this is the one place in the app with managed policies; the IAM test and the cdk-nag
 * suppressions name this stack as their single exemption.
 *
 * <p>A stack of its own, deployed before {@code PgflinkCapture} (which depends on it): IAM is
 * eventually consistent, and a subnet group created right after the role in the same stack can
 * still fail to find it. An account that has used DMS already has both roles; then leave
 * {@code pgflink:createDmsServiceRoles} false and this stack out.
 */
public final class DmsServiceRolesStack extends Stack {
    public static final String ID = "PgflinkDmsServiceRoles";
    public static final String VPC_ROLE = "dms-vpc-role";
    public static final String LOGS_ROLE = "dms-cloudwatch-logs-role";

    private final Role vpcRole;

    public DmsServiceRolesStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        vpcRole = serviceRole("VpcRole", VPC_ROLE, "service-role/AmazonDMSVPCManagementRole");
        serviceRole("CloudWatchLogsRole", LOGS_ROLE, "service-role/AmazonDMSCloudWatchLogsRole");
    }

    private Role serviceRole(String id, String name, String managedPolicy) {
        return Role.Builder.create(this, id).roleName(name)
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .description("Required by AWS DMS under this name, with the AWS managed policy " + managedPolicy)
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(managedPolicy)))
                .build();
    }

    /** The role the replication subnet group needs to exist first. */
    public Role vpcRole() {
        return vpcRole;
    }
}
