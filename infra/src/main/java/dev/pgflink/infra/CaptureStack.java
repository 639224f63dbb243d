package dev.pgflink.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dms.CfnEndpoint;
import software.amazon.awscdk.services.dms.CfnReplicationInstance;
import software.amazon.awscdk.services.dms.CfnReplicationSubnetGroup;
import software.amazon.awscdk.services.dms.CfnReplicationTask;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * AWS DMS reading PostgreSQL changes into the Kinesis stream. The database is never public: DMS
 * runs in private subnets and reaches it over a VPN or Direct Connect (a VPN gateway is attached
 * to the VPC this stack creates), or inside AWS (RDS, or a VPC given by {@code pgflink:vpcId}).
 * Credentials stay in Secrets Manager; the template holds only the secret's ARN.
 */
public final class CaptureStack extends Stack {
    public static final String INSTANCE_ID = "pgflink-capture";
    public static final String TASK_ID = "pgflink-cdc";

    public CaptureStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        IVpc vpc = vpc(settings);
        SecurityGroup group = SecurityGroup.Builder.create(this, "ReplicationInstance").vpc(vpc)
                .description("DMS replication instance: PostgreSQL out, HTTPS to AWS endpoints").allowAllOutbound(false).build();
        group.addEgressRule(Peer.ipv4(settings.sourceDatabaseCidr()), Port.tcp(settings.sourceDatabasePort()),
                "the source PostgreSQL");
        group.addEgressRule(settings.vpcId() == null ? Peer.ipv4(vpc.getVpcCidrBlock()) : Peer.anyIpv4(), Port.tcp(443),
                "Kinesis and Secrets Manager");
        if (settings.createDmsServiceRoles()) {
            // DMS looks these up by name; an account that has used DMS already has them.
            Role.Builder.create(this, "DmsVpcRole").roleName("dms-vpc-role")
                    .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                    .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonDMSVPCManagementRole")))
                    .build();
        }

        CfnReplicationSubnetGroup subnets = CfnReplicationSubnetGroup.Builder.create(this, "Subnets")
                .replicationSubnetGroupDescription("pgflink DMS private subnets")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(settings.vpcId() == null
                        ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnetIds())
                .build();
        CfnReplicationInstance instance = CfnReplicationInstance.Builder.create(this, "Instance")
                .replicationInstanceIdentifier(INSTANCE_ID)
                .replicationInstanceClass(settings.replicationInstanceClass())
                .allocatedStorage(settings.replicationStorageGb())
                .multiAz(settings.multiAz())
                .publiclyAccessible(false)
                .replicationSubnetGroupIdentifier(subnets.getRef())
                .vpcSecurityGroupIds(List.of(group.getSecurityGroupId()))
                .build();

        CfnEndpoint source = sourceEndpoint(settings);
        CfnEndpoint target = targetEndpoint(settings, storage);
        CfnReplicationTask task = CfnReplicationTask.Builder.create(this, "Task")
                .replicationTaskIdentifier(TASK_ID)
                .migrationType(settings.migrationType())
                .replicationInstanceArn(instance.getRef())
                .sourceEndpointArn(source.getRef())
                .targetEndpointArn(target.getRef())
                .tableMappings(settings.tableMappings())
                .replicationTaskSettings("{\"Logging\":{\"EnableLogging\":true},"
                        + "\"BeforeImageSettings\":{\"EnableBeforeImage\":true,\"FieldName\":\"before-image\",\"ColumnFilter\":\"pk-only\"}}")
                .build();

        Rule.Builder.create(this, "TaskFailed")
                .description("The DMS replication task failed or stopped on an error")
                .eventPattern(EventPattern.builder().source(List.of("aws.dms"))
                        .detailType(List.of("DMS Replication Task State Change"))
                        .resources(List.of(task.getRef()))
                        .detail(Map.of("eventType", List.of("REPLICATION_TASK_FAILED"))).build())
                .targets(List.of(new SnsTopic(storage.alarms())))
                .build();
        Alarm latency = Metric.Builder.create().namespace("AWS/DMS").metricName("CDCLatencySource")
                .dimensionsMap(Map.of("ReplicationInstanceIdentifier", INSTANCE_ID, "ReplicationTaskIdentifier", TASK_ID))
                .statistic("Maximum").period(Duration.minutes(1)).build()
                .createAlarm(this, "SourceLatency", CreateAlarmOptions.builder()
                        .alarmDescription("DMS reads PostgreSQL changes more than 10 minutes late")
                        .threshold(600).evaluationPeriods(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        latency.addAlarmAction(new SnsAction(storage.alarms()));
    }

    private IVpc vpc(InfraSettings settings) {
        if (settings.vpcId() != null) {
            return Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder().vpcId(settings.vpcId())
                    .availabilityZones(settings.availabilityZones()).privateSubnetIds(settings.subnetIds()).build());
        }
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("replication")
                        .subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                // Attach a Site-to-Site VPN connection or a Direct Connect gateway to reach on-premises PostgreSQL.
                .vpnGateway(true)
                .vpnRoutePropagation(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .build();
        // No internet route: AWS APIs through endpoints in the VPC.
        vpc.addInterfaceEndpoint("Kinesis", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.KINESIS_STREAMS).build());
        vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER).build());
        return vpc;
    }

    private CfnEndpoint sourceEndpoint(InfraSettings settings) {
        ISecret secret = settings.sourceSecretArn() != null
                ? Secret.fromSecretCompleteArn(this, "SourceDatabase", settings.sourceSecretArn())
                // A placeholder to fill in after deploying: host, port, username, password of the capture user.
                : Secret.Builder.create(this, "SourceDatabase")
                        .description("pgflink: PostgreSQL credentials for DMS (set host, port, username, password)")
                        .generateSecretString(SecretStringGenerator.builder()
                                .secretStringTemplate("{\"username\":\"dms_capture\",\"host\":\"postgres.internal.example\","
                                        + "\"port\":" + settings.sourceDatabasePort() + "}")
                                .generateStringKey("password").excludePunctuation(true).build())
                        .build();
        Role access = Role.Builder.create(this, "SecretAccess")
                .assumedBy(new ServicePrincipal("dms." + Stack.of(this).getRegion() + ".amazonaws.com"))
                .description("DMS reads the source database credentials")
                .build();
        access.addToPolicy(Iam.allow(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                secret.getSecretArn()));
        return CfnEndpoint.Builder.create(this, "Source")
                .endpointType("source")
                .engineName("postgres")
                .databaseName(settings.sourceDatabaseName())
                .sslMode("require")
                .postgreSqlSettings(CfnEndpoint.PostgreSqlSettingsProperty.builder()
                        .secretsManagerSecretId(secret.getSecretArn())
                        .secretsManagerAccessRoleArn(access.getRoleArn())
                        .build())
                .build();
    }

    private CfnEndpoint targetEndpoint(InfraSettings settings, StorageStack storage) {
        Role writer = Role.Builder.create(this, "KinesisWriter")
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .description("DMS writes change records to the Kinesis stream")
                .build();
        writer.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords"),
                storage.stream().getStreamArn()));
        InfraSettings.DmsKinesisSettings dms = settings.dmsKinesis();
        return CfnEndpoint.Builder.create(this, "Target")
                .endpointType("target")
                .engineName("kinesis")
                .kinesisSettings(CfnEndpoint.KinesisSettingsProperty.builder()
                        .streamArn(storage.stream().getStreamArn())
                        .serviceAccessRoleArn(writer.getRoleArn())
                        .messageFormat("json-unformatted")
                        .includeTransactionDetails(dms.includeTransactionDetails())
                        .includePartitionValue(dms.includePartitionValue())
                        .partitionIncludeSchemaTable(dms.partitionIncludeSchemaTable())
                        .includeTableAlterOperations(dms.includeTableAlterOperations())
                        .includeControlDetails(dms.includeControlDetails())
                        .includeNullAndEmpty(dms.includeNullAndEmpty())
                        .build())
                .build();
    }
}
