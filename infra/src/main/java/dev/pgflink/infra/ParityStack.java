package dev.pgflink.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The old path kept runnable for parity: Firehose reading the same Kinesis stream, the
 * lambda-compat function as its processor, writing under {@code firehose/} with Firehose's own
 * naming, the source records backed up, processing failures under the error prefix.
 */
public final class ParityStack extends Stack {
    public static final String DELIVERY_STREAM = "pgflink-parity";
    public static final String FUNCTION = "pgflink-firehose-transform";
    public static final String HANDLER = "dev.pgflink.lambda.FirehoseTransformHandler::handleRequest";
    static final String HOUR = "!{timestamp:yyyy/MM/dd/HH}/";

    public ParityStack(Construct scope, String id, StackProps props, InfraSettings settings, StorageStack storage) {
        super(scope, id, props);
        String bucketArn = storage.bucket().getBucketArn();

        LogGroup functionLogs = LogGroup.Builder.create(this, "FunctionLogs").logGroupName("/aws/lambda/" + FUNCTION)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        Role functionRole = Role.Builder.create(this, "FunctionRole").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("The Firehose transformation Lambda: writes its own logs, nothing else").build();
        functionRole.addToPolicy(Iam.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                functionLogs.getLogGroupArn()));
        Function function = Function.Builder.create(this, "Transform")
                .functionName(FUNCTION)
                .description("Flattens DMS change records for Firehose, with the same transform as the Flink job")
                .runtime(Runtime.JAVA_21)
                .handler(HANDLER)
                .code(Code.fromAsset(settings.lambdaJar().toString()))
                .memorySize(1024)
                .timeout(Duration.minutes(1))
                .role(functionRole)
                .logGroup(functionLogs)
                .build();
        function.getNode().addDependency(functionRole);

        LogGroup deliveryLogs = LogGroup.Builder.create(this, "DeliveryLogs").logGroupName("/aws/kinesisfirehose/" + DELIVERY_STREAM)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        LogStream deliveryLogStream = LogStream.Builder.create(this, "DeliveryLogStream").logGroup(deliveryLogs)
                .logStreamName("S3Delivery").build();
        Role role = Role.Builder.create(this, "DeliveryRole").roleName(KeyUser.FIREHOSE.roleName(this))
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Firehose: reads the stream, calls the function, writes firehose/ in the bucket").build();
        role.addToPolicy(Iam.allow(List.of("kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords",
                "kinesis:ListShards"), storage.stream().getStreamArn()));
        role.addToPolicy(Iam.allow(List.of("lambda:InvokeFunction", "lambda:GetFunctionConfiguration"),
                function.getFunctionArn()));
        role.addToPolicy(Iam.allow(List.of("s3:PutObject", "s3:AbortMultipartUpload"), bucketArn + "/firehose/*"));
        role.addToPolicy(Iam.allow(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"),
                bucketArn));
        role.addToPolicy(Iam.allow(List.of("logs:PutLogEvents"), deliveryLogs.getLogGroupArn()));
        KeyUser.FIREHOSE.grantTo(role, storage.key());

        CfnDeliveryStream delivery = CfnDeliveryStream.Builder.create(this, "DeliveryStream")
                .deliveryStreamName(DELIVERY_STREAM)
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
                        .kinesisStreamArn(storage.stream().getStreamArn()).roleArn(role.getRoleArn()).build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                        .bucketArn(bucketArn)
                        .roleArn(role.getRoleArn())
                        .prefix("firehose/transformed/" + HOUR)
                        .errorOutputPrefix("firehose/errors/!{firehose:error-output-type}/" + HOUR)
                        .bufferingHints(buffering(settings))
                        .compressionFormat(settings.outputCompression().firehoseFormat())
                        .encryptionConfiguration(encryption(storage))
                        .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                .enabled(true)
                                .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder().type("Lambda")
                                        .parameters(List.of(
                                                parameter("LambdaArn", function.getFunctionArn()),
                                                parameter("BufferSizeInMBs", Integer.toString(settings.processorBufferMb())),
                                                parameter("BufferIntervalInSeconds", "60"),
                                                parameter("NumberOfRetries", "3")))
                                        .build()))
                                .build())
                        .s3BackupMode("Enabled")
                        .s3BackupConfiguration(CfnDeliveryStream.S3DestinationConfigurationProperty.builder()
                                .bucketArn(bucketArn)
                                .roleArn(role.getRoleArn())
                                .prefix("firehose/raw/" + HOUR)
                                .errorOutputPrefix("firehose/errors/backup-!{firehose:error-output-type}/" + HOUR)
                                .bufferingHints(buffering(settings))
                                .compressionFormat(settings.outputCompression().firehoseFormat())
                                .encryptionConfiguration(encryption(storage))
                                .build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder().enabled(true)
                                .logGroupName(deliveryLogs.getLogGroupName())
                                .logStreamName(deliveryLogStream.getLogStreamName()).build())
                        .build())
                .build();
        delivery.getNode().addDependency(role);

        alarm("DeliveryFailing", "DeliveryToS3.Success", "Firehose is failing to deliver to S3", storage);
        alarm("ProcessingFailing", "ExecuteProcessing.Success", "Firehose is failing to invoke the transformation Lambda",
                storage);

        Outputs.add(this, "DeliveryStreamName", delivery.getRef(), "The Firehose delivery stream");
        Outputs.add(this, "FunctionName", function.getFunctionName(), "The transformation Lambda");
    }

    /**
     * Objects Firehose writes are encrypted with the customer-managed key when there is one (the
     * bucket's default would do the same; naming it keeps Firehose's own setting explicit), with
     * no setting otherwise. A delivery stream that reads a Kinesis stream has no encryption of its
     * own: records stay encrypted in the source stream.
     */
    private static CfnDeliveryStream.EncryptionConfigurationProperty encryption(StorageStack storage) {
        if (storage.key() == null) {
            return null;
        }
        return CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                        .awskmsKeyArn(storage.key().getKeyArn()).build())
                .build();
    }

    private static CfnDeliveryStream.BufferingHintsProperty buffering(InfraSettings settings) {
        return CfnDeliveryStream.BufferingHintsProperty.builder().sizeInMBs(settings.firehoseBufferMb())
                .intervalInSeconds(settings.firehoseBufferSeconds()).build();
    }

    private static CfnDeliveryStream.ProcessorParameterProperty parameter(String name, String value) {
        return CfnDeliveryStream.ProcessorParameterProperty.builder().parameterName(name).parameterValue(value).build();
    }

    /** Success metrics are ratios (1 = all succeeded): alarm when below 1. */
    private void alarm(String id, String metric, String description, StorageStack storage) {
        Metric success = Metric.Builder.create().namespace("AWS/Firehose").metricName(metric)
                .dimensionsMap(Map.of("DeliveryStreamName", DELIVERY_STREAM)).statistic("Minimum")
                .period(Duration.minutes(5)).build();
        NotifyingAlarm.create(this, id, success, AlarmProps.builder().alarmDescription(description).threshold(1)
                .evaluationPeriods(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD), storage.alarms());
    }
}
