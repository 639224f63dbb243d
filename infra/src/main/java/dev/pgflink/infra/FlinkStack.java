package dev.pgflink.infra;

import dev.pgflink.core.config.JobMetric;
import dev.pgflink.core.config.JobProperty;
import dev.pgflink.core.config.JobPropertyGroups;
import dev.pgflink.core.config.PropertyGroup;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.CfnStreamConsumer;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplicationCloudWatchLoggingOption;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The Flink job on Amazon Managed Service for Apache Flink: the shaded job jar as code, the
 * job's configuration as runtime property groups (the same groups as
 * {@code job/local-config.example.json}, without the local-only {@code Local} group), and, with
 * enhanced fan-out, the stream consumer the job reads through.
 */
public final class FlinkStack extends Stack {
    public static final String APPLICATION = "pgflink-cdc";
    public static final String RUNTIME = "FLINK-1_19";

    public FlinkStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        // Registered here rather than by the job, which then needs no Register/Deregister permission:
        // the job reads through this ARN (the connector's NONE registration strategy).
        CfnStreamConsumer consumer = settings.consumerType() == InfraSettings.ConsumerType.EFO
                ? CfnStreamConsumer.Builder.create(this, "EfoConsumer").consumerName(settings.efoConsumerName())
                        .streamArn(storage.stream().getStreamArn()).build()
                : null;
        Asset jar = Asset.Builder.create(this, "JobJar").path(settings.jobJar().toString()).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs").logGroupName("/aws/kinesis-analytics/" + APPLICATION)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        LogStream logStream = LogStream.Builder.create(this, "LogStream").logGroup(logs).logStreamName("job").build();

        Role role = Role.Builder.create(this, "Role").roleName(KeyUser.FLINK_JOB.roleName(this))
                .assumedBy(new ServicePrincipal("kinesisanalytics.amazonaws.com"))
                .description("The pgflink Flink job: reads the stream, writes flink/ in the bucket").build();
        String bucketArn = storage.bucket().getBucketArn();
        role.addToPolicy(Iam.allow(List.of("s3:GetObject", "s3:GetObjectVersion"),
                jar.getBucket().arnForObjects(jar.getS3ObjectKey())));
        String streamArn = storage.stream().getStreamArn();
        if (consumer == null) {
            role.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
                    "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"), streamArn));
        } else {
            // The legacy FlinkKinesisConsumer with a given consumer ARN (registration NONE) subscribes to
            // shards through the consumer, and on the stream only looks up its ARN (DescribeStream) and
            // discovers shards (ListShards): "Internally Used Kinesis APIs" in the connector's Kinesis
            // page (flink-connector-aws, docs/content/docs/connectors/datastream/kinesis.md). No GetRecords.
            // DescribeStreamConsumer is read-only: the job may check that the consumer it is given is
            // ACTIVE (the connector itself calls it only when it registers a consumer).
            role.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:ListShards"), streamArn));
            role.addToPolicy(Iam.allow(List.of("kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"),
                    consumer.getAttrConsumerArn()));
        }
        KeyUser.FLINK_JOB.grantTo(role, storage.key());
        role.addToPolicy(Iam.allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts"), bucketArn + "/flink/*"));
        role.addToPolicy(Iam.allow(List.of("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"), bucketArn));
        role.addToPolicy(Iam.allow(List.of("logs:DescribeLogStreams", "logs:PutLogEvents"),
                List.of(logs.getLogGroupArn(), logStreamArn(logs, logStream))));

        CfnApplication application = CfnApplication.Builder.create(this, "Application")
                .applicationName(APPLICATION)
                .applicationDescription("PostgreSQL changes from Kinesis to S3: raw, transformed, control, errors")
                .runtimeEnvironment(RUNTIME)
                .serviceExecutionRole(role.getRoleArn())
                .applicationConfiguration(CfnApplication.ApplicationConfigurationProperty.builder()
                        .applicationCodeConfiguration(CfnApplication.ApplicationCodeConfigurationProperty.builder()
                                .codeContentType("ZIPFILE")
                                .codeContent(CfnApplication.CodeContentProperty.builder()
                                        .s3ContentLocation(CfnApplication.S3ContentLocationProperty.builder()
                                                .bucketArn(jar.getBucket().getBucketArn()).fileKey(jar.getS3ObjectKey()).build())
                                        .build())
                                .build())
                        .environmentProperties(CfnApplication.EnvironmentPropertiesProperty.builder()
                                .propertyGroups(propertyGroups(settings, storage, consumer)).build())
                        .flinkApplicationConfiguration(CfnApplication.FlinkApplicationConfigurationProperty.builder()
                                .checkpointConfiguration(CfnApplication.CheckpointConfigurationProperty.builder()
                                        .configurationType("CUSTOM").checkpointingEnabled(true)
                                        .checkpointInterval(settings.checkpointIntervalMs())
                                        .minPauseBetweenCheckpoints(Math.min(5_000L, settings.checkpointIntervalMs()))
                                        .build())
                                .parallelismConfiguration(CfnApplication.ParallelismConfigurationProperty.builder()
                                        .configurationType("CUSTOM").parallelism(settings.flinkParallelism())
                                        .parallelismPerKpu(settings.flinkParallelismPerKpu())
                                        .autoScalingEnabled(settings.flinkAutoScaling()).build())
                                .monitoringConfiguration(CfnApplication.MonitoringConfigurationProperty.builder()
                                        .configurationType("CUSTOM").logLevel("INFO").metricsLevel("APPLICATION").build())
                                .build())
                        .applicationSnapshotConfiguration(CfnApplication.ApplicationSnapshotConfigurationProperty.builder()
                                .snapshotsEnabled(true).build())
                        .build())
                .build();
        application.getNode().addDependency(role);
        CfnApplicationCloudWatchLoggingOption.Builder.create(this, "Logging")
                .applicationName(application.getRef())
                .cloudWatchLoggingOption(CfnApplicationCloudWatchLoggingOption.CloudWatchLoggingOptionProperty.builder()
                        .logStreamArn(logStreamArn(logs, logStream)).build())
                .build();

        NotifyingAlarm.create(this, "Downtime", applicationMetric("downtime", "Maximum", Duration.minutes(1)),
                AlarmProps.builder().alarmDescription("The Flink job is not running (restarting or failed)").threshold(0)
                        .evaluationPeriods(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD),
                storage.alarms());
        // numberOfFailedCheckpoints counts from the job's start and never goes down while it runs: an
        // alarm on its value would never clear. AWS's recommended alarm is on its rate ("Use CloudWatch
        // Alarms with Amazon Managed Service for Apache Flink",
        // https://docs.aws.amazon.com/managed-flink/latest/java/monitoring-metrics-alarms.html).
        increaseAlarm("FailedCheckpoints", "numberOfFailedCheckpoints", 2,
                "Checkpoints failed in two 5-minute periods of the last 15 minutes: S3 output is not being committed",
                storage);
        // The job's own counters, registered under the metric group KinesisAnalytics: Managed Flink
        // exports those, at the Application level by default, with the user-scope groups other than
        // KinesisAnalytics as dimensions (none here) and Task/Operator/Parallelism only at finer
        // metricsLevels ("Use custom metrics with Amazon Managed Service for Apache Flink",
        // https://docs.aws.amazon.com/managed-flink/latest/java/monitoring-metrics-custom.html). At the
        // APPLICATION level set below, each metric's only dimension is Application. Counters count from
        // the start of their task, so the alarm is on their increase.
        increaseAlarm("RecordsRejected", JobMetric.RECORDS_REJECTED.metricName(), 1,
                "The transform rejected records (see flink/errors/ in the bucket)", storage);
        increaseAlarm("RecordsLate", JobMetric.RECORDS_LATE.metricName(), 1,
                "Records arrived after their window closed (late files in flink/transformed/)", storage);
        if (consumer != null) {
            // With enhanced fan-out the job's lag is not in GetRecords.IteratorAgeMilliseconds (it makes no
            // GetRecords calls) but in the consumer's own metric, by StreamName and ConsumerName
            // ("Monitor the Amazon Kinesis Data Streams service with Amazon CloudWatch",
            // https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html).
            Metric behind = Metric.Builder.create().namespace("AWS/Kinesis")
                    .metricName("SubscribeToShardEvent.MillisBehindLatest")
                    .dimensionsMap(Map.of("StreamName", storage.stream().getStreamName(),
                            "ConsumerName", settings.efoConsumerName()))
                    .statistic("Maximum").period(Duration.minutes(1)).build();
            NotifyingAlarm.create(this, "EfoConsumerBehind", behind, AlarmProps.builder()
                    .alarmDescription("The Flink job's enhanced fan-out consumer is falling behind the stream")
                    .threshold(settings.iteratorAgeAlarmMs()).evaluationPeriods(5)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD), storage.alarms());
        }

        Outputs.add(this, "ApplicationName", application.getRef(), "The Managed Flink application (aws kinesisanalyticsv2)");
        Outputs.add(this, "LogGroupName", logs.getLogGroupName(), "The job's CloudWatch log group");
        if (consumer != null) {
            Outputs.add(this, "EfoConsumerArn", consumer.getAttrConsumerArn(), "The job's enhanced fan-out consumer");
        }
    }

    /**
     * The job's property groups: names and keys as {@code JobConfig} reads them.
     *
     * @param consumer the enhanced fan-out consumer the job reads through, or null to poll
     */
    static List<CfnApplication.PropertyGroupProperty> propertyGroups(InfraSettings settings, StorageStack storage,
            CfnStreamConsumer consumer) {
        JobPropertyGroups properties = new JobPropertyGroups()
                .set(JobProperty.STREAM_NAMES, storage.stream().getStreamName())
                .set(JobProperty.AWS_REGION, Stack.of(storage).getRegion())
                .set(JobProperty.INITIAL_POSITION, settings.initialPosition().name())
                .set(JobProperty.CONSUMER_TYPE, settings.consumerType().name())
                .set(JobProperty.BASE_PATH, "s3://" + storage.bucket().getBucketName())
                .set(JobProperty.WINDOW_SIZE_MS, settings.windowSizeMs())
                .set(JobProperty.COMPRESSION, settings.outputCompression().id());
        if (settings.initialTimestamp() != null) {
            properties.set(JobProperty.INITIAL_TIMESTAMP, settings.initialTimestamp().toString());
        }
        if (consumer != null) {
            properties.set(JobProperty.EFO_CONSUMER_NAME, settings.efoConsumerName())
                    .set(JobProperty.EFO_CONSUMER_ARN, consumer.getAttrConsumerArn());
        }
        return List.of(group(PropertyGroup.KINESIS_SOURCE, properties), group(PropertyGroup.OUTPUT, properties),
                group(PropertyGroup.TRANSFORM, properties));
    }

    private static CfnApplication.PropertyGroupProperty group(PropertyGroup id, JobPropertyGroups properties) {
        return CfnApplication.PropertyGroupProperty.builder().propertyGroupId(id.id()).propertyMap(properties.group(id))
                .build();
    }

    private String logStreamArn(LogGroup group, LogStream stream) {
        return Stack.of(this).formatArn(ArnComponents.builder().service("logs").resource("log-group")
                .resourceName(group.getLogGroupName() + ":log-stream:" + stream.getLogStreamName())
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    /** A metric of the application, at the APPLICATION metrics level: its one dimension is Application. */
    private static Metric applicationMetric(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace("AWS/KinesisAnalytics").metricName(name)
                .dimensionsMap(Map.of("Application", APPLICATION)).statistic(statistic).period(period).build();
    }

    /**
     * Alarms while a count that only grows (from its task's start) grew: DIFF of its highest value
     * per 5 minutes, so the alarm clears once the count stops growing, and a restart (count back to
     * 0, a negative DIFF) does not trip it. It looks at three periods, so that DIFF always has a
     * previous value to compare with. With several subtasks the highest value is one subtask's: an increase on another
     * shows once it passes it (the S3 alarm on flink/errors/ counts every rejected record written).
     */
    private void increaseAlarm(String id, String metric, int periodsToAlarm, String description, StorageStack storage) {
        MathExpression increase = MathExpression.Builder.create().expression("DIFF(m)")
                .usingMetrics(Map.of("m", applicationMetric(metric, "Maximum", Duration.minutes(5))))
                .label(metric + " increase").period(Duration.minutes(5)).build();
        NotifyingAlarm.create(this, id, increase, AlarmProps.builder().alarmDescription(description)
                .threshold(0).evaluationPeriods(3).datapointsToAlarm(periodsToAlarm)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD), storage.alarms());
    }
}
