package dev.pgflink.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dms.CfnEndpoint;
import software.amazon.awscdk.services.dms.CfnReplicationInstance;
import software.amazon.awscdk.services.dms.CfnReplicationSubnetGroup;
import software.amazon.awscdk.services.dms.CfnReplicationTask;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
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
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * AWS DMS reading PostgreSQL changes into the Kinesis stream. The database is never public: DMS
 * runs in private subnets and reaches it over a VPN or Direct Connect (a VPN gateway is attached
 * to the VPC this stack creates), or inside AWS (RDS, or a VPC given by {@code pgflink:vpcId}).
 * Credentials stay in Secrets Manager; the template holds only the secret's ARN.
 *
 * <p>CloudWatch names a DMS task by its resource identifier, the last part of its ARN, not by the
 * name given at creation; AWS DMS publishes task metrics under the combined dimensions
 * {@code ReplicationInstanceIdentifier} and {@code ReplicationTaskIdentifier} ("AWS DMS task
 * metrics" in "Monitoring AWS DMS tasks",
 * https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Monitoring.html#CHAP_Monitoring.Metrics.Task).
 * Left to DMS, the resource identifier is a random string, so an alarm written with the task's
 * name watches a series that never exists. Here the CloudFormation {@code ResourceIdentifier} of
 * the task and of the instance is each one's name, so both dimension values are these constants.
 */
public final class CaptureStack extends Stack {
    /** The replication instance's name and resource identifier (at most 31 characters for the latter). */
    public static final String INSTANCE_ID = "pgflink-capture";
    /** The replication task's name and resource identifier: {@code arn:aws:dms:…:task:pgflink-cdc}. */
    public static final String TASK_ID = "pgflink-cdc";

    /**
     * @param serviceRoles the DMS service roles stack when this app creates the roles, or null when
     *     the account already has them
     */
    public CaptureStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage,
            DmsServiceRolesStack serviceRoles) {
        super(scope, id, props);
        IVpc vpc = vpc(settings);
        SecurityGroup group = SecurityGroup.Builder.create(this, "ReplicationInstance").vpc(vpc)
                .description("DMS replication instance: PostgreSQL out, HTTPS to AWS endpoints").allowAllOutbound(false).build();
        group.addEgressRule(Peer.ipv4(settings.sourceDatabaseCidr()), Port.tcp(settings.sourceDatabasePort()),
                "the source PostgreSQL");
        if (settings.vpcId() == null) {
            endpoints(vpc, group);
        } else {
            group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "Kinesis and Secrets Manager");
        }

        CfnReplicationSubnetGroup subnets = CfnReplicationSubnetGroup.Builder.create(this, "Subnets")
                .replicationSubnetGroupDescription("pgflink DMS private subnets")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(settings.vpcId() == null
                        ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS).build()).getSubnetIds())
                .build();
        if (serviceRoles != null) {
            // DMS creates the subnet group's network interfaces as dms-vpc-role: it must exist first.
            // Across stacks this becomes a stack dependency, so `cdk deploy --all` deploys the roles first.
            subnets.getNode().addDependency(serviceRoles.vpcRole());
        }
        CfnReplicationInstance instance = CfnReplicationInstance.Builder.create(this, "Instance")
                .replicationInstanceIdentifier(INSTANCE_ID)
                .resourceIdentifier(INSTANCE_ID)
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
                .resourceIdentifier(TASK_ID)
                .migrationType(settings.migrationType())
                .replicationInstanceArn(instance.getRef())
                .sourceEndpointArn(source.getRef())
                .targetEndpointArn(target.getRef())
                .tableMappings(settings.tableMappings())
                // Task logs go to CloudWatch Logs through the account's dms-cloudwatch-logs-role.
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
        latencyAlarm("SourceLatency", "CDCLatencySource", "DMS reads PostgreSQL's changes", settings, storage);
        latencyAlarm("TargetLatency", "CDCLatencyTarget", "DMS writes changes to Kinesis", settings, storage);
        if (settings.sourceMonitoring().enabled()) {
            new SourceDatabaseAlarms(this, "SourceDatabaseAlarms", settings.sourceMonitoring(), storage.alarms());
        }

        Outputs.add(this, "ReplicationTaskArn", task.getRef(), "The DMS replication task (aws dms start-replication-task)");
        Outputs.add(this, "ReplicationInstanceArn", instance.getRef(), "The DMS replication instance");
        Outputs.add(this, "SourceEndpointArn", source.getRef(), "The PostgreSQL source endpoint (aws dms test-connection)");
        Outputs.add(this, "TargetEndpointArn", target.getRef(), "The Kinesis target endpoint (aws dms test-connection)");
    }

    /** Seconds behind, for the task as CloudWatch names it (see the class comment). */
    private void latencyAlarm(String id, String metric, String what, InfraSettings settings, StorageStack storage) {
        Metric latency = Metric.Builder.create().namespace("AWS/DMS").metricName(metric)
                .dimensionsMap(Map.of("ReplicationInstanceIdentifier", INSTANCE_ID, "ReplicationTaskIdentifier", TASK_ID))
                .statistic("Maximum").period(Duration.minutes(1)).build();
        NotifyingAlarm.create(this, id, latency, AlarmProps.builder()
                .alarmDescription(what + " more than " + settings.dmsLatencyAlarmSeconds() + " s late (" + metric + ")")
                .threshold(settings.dmsLatencyAlarmSeconds()).evaluationPeriods(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD), storage.alarms());
    }

    /** An existing VPC (given by pgflink:vpcId), or a new one with only private subnets and endpoints. */
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
        // Refused connections only: what is needed when DMS cannot reach the database, at a fraction
        // of the cost of logging every flow of the change data.
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        vpc.addFlowLog("RejectedFlows", FlowLogOptions.builder().trafficType(FlowLogTrafficType.REJECT)
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build());
        return vpc;
    }

    /**
     * No internet route in the new VPC: AWS APIs through interface endpoints, which accept HTTPS
     * from the replication instance only (not from the whole VPC, CDK's default).
     */
    private void endpoints(IVpc vpc, SecurityGroup replicationInstance) {
        for (var service : List.of(Map.entry("Kinesis", InterfaceVpcEndpointAwsService.KINESIS_STREAMS),
                Map.entry("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER))) {
            InterfaceVpcEndpoint endpoint = vpc.addInterfaceEndpoint(service.getKey(), InterfaceVpcEndpointOptions.builder()
                    .service(service.getValue()).open(false).build());
            replicationInstance.getConnections().allowTo(endpoint, Port.tcp(443), service.getKey() + " endpoint");
        }
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
        Outputs.add(this, "SourceSecretArn", secret.getSecretArn(), "The secret with the source database's host, port, "
                + "username and password");
        return CfnEndpoint.Builder.create(this, "Source")
                .endpointType("source")
                .engineName("postgres")
                .databaseName(settings.sourceDatabaseName())
                .sslMode("require")
                .postgreSqlSettings(CfnEndpoint.PostgreSqlSettingsProperty.builder()
                        .secretsManagerSecretId(secret.getSecretArn())
                        .secretsManagerAccessRoleArn(access.getRoleArn())
                        // WAL keeps growing while the captured tables are quiet (other databases, RDS's own
                        // writes), but the slot only moves on when DMS confirms a change of this database:
                        // the heartbeat is such a change, a dummy transaction every few minutes, so the slot
                        // releases WAL. Its artifacts go to HeartbeatSchema (default public).
                        .heartbeatEnable(true)
                        .heartbeatFrequency(settings.dmsHeartbeatFrequencyMinutes())
                        .build())
                .build();
    }

    private CfnEndpoint targetEndpoint(InfraSettings settings, StorageStack storage) {
        Role writer = Role.Builder.create(this, "KinesisWriter")
                .roleName(KeyUser.DMS_WRITER.roleName(this))
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .description("DMS writes change records to the Kinesis stream")
                .build();
        writer.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords"),
                storage.stream().getStreamArn()));
        KeyUser.DMS_WRITER.grantTo(writer, storage.key());
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
