package dev.pgflink.infra;

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
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplication;
import software.amazon.awscdk.services.kinesisanalyticsv2.CfnApplicationCloudWatchLoggingOption;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The Flink job on Amazon Managed Service for Apache Flink: the shaded job jar as code, the
 * job's configuration as runtime property groups (the same groups and keys as
 * {@code job/local-config.example.json}, without the local-only {@code Local} group).
 */
public final class FlinkStack extends Stack {
    public static final String APPLICATION = "pgflink-cdc";
    public static final String RUNTIME = "FLINK-1_19";

    public FlinkStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        Asset jar = Asset.Builder.create(this, "JobJar").path(settings.jobJar().toString()).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs").logGroupName("/aws/kinesis-analytics/" + APPLICATION)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        LogStream logStream = LogStream.Builder.create(this, "LogStream").logGroup(logs).logStreamName("job").build();

        Role role = Role.Builder.create(this, "Role").assumedBy(new ServicePrincipal("kinesisanalytics.amazonaws.com"))
                .description("The pgflink Flink job: reads the stream, writes flink/ in the bucket").build();
        String bucketArn = storage.bucket().getBucketArn();
        role.addToPolicy(Iam.allow(List.of("s3:GetObject", "s3:GetObjectVersion"),
                jar.getBucket().arnForObjects(jar.getS3ObjectKey())));
        role.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                "kinesis:GetShardIterator", "kinesis:ListShards"), storage.stream().getStreamArn()));
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
                                .propertyGroups(propertyGroups(settings, storage)).build())
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

        alarm("Downtime", "downtime", "The Flink job is not running (restarting or failed)", storage);
        alarm("FailedCheckpoints", "numberOfFailedCheckpoints", "Checkpoints fail: S3 output is not being committed", storage);
    }

    /** The job's property groups: names and keys as {@code JobConfig} reads them. */
    static List<CfnApplication.PropertyGroupProperty> propertyGroups(InfraSettings settings, StorageStack storage) {
        JobPropertyGroups properties = new JobPropertyGroups()
                .set(JobProperty.STREAM_NAMES, storage.stream().getStreamName())
                .set(JobProperty.AWS_REGION, Stack.of(storage).getRegion())
                .set(JobProperty.INITIAL_POSITION, "TRIM_HORIZON")
                .set(JobProperty.BASE_PATH, "s3://" + storage.bucket().getBucketName())
                .set(JobProperty.WINDOW_SIZE_MS, settings.windowSizeMs());
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

    private void alarm(String id, String metric, String description, StorageStack storage) {
        Alarm alarm = Metric.Builder.create().namespace("AWS/KinesisAnalytics").metricName(metric)
                .dimensionsMap(Map.of("Application", APPLICATION)).statistic("Maximum").period(Duration.minutes(1)).build()
                .createAlarm(this, id, CreateAlarmOptions.builder().alarmDescription(description).threshold(0)
                        .evaluationPeriods(5).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        alarm.addAlarmAction(new SnsAction(storage.alarms()));
    }
}
