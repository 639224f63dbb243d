package dev.pgflink.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketMetrics;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What every other stack writes to or reads from: the output bucket, the Kinesis stream and the
 * alarm topic. Kept apart so the compute stacks can be replaced without touching data.
 */
public final class StorageStack extends Stack {
    /** Prefixes whose growth means records are failing: S3 request metrics are kept for each. */
    static final List<String> ERROR_PREFIXES = List.of("flink/errors/", "firehose/errors/");

    private final Bucket bucket;
    private final Stream stream;
    private final Topic alarms;

    public StorageStack(Construct scope, String id, StackProps props, InfraSettings settings) {
        super(scope, id, props);
        bucket = Bucket.Builder.create(this, "Outputs")
                .bucketName(settings.bucketName())
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        expire("flink-raw", "flink/raw/", settings.rawRetentionDays()),
                        expire("firehose-raw", "firehose/raw/", settings.rawRetentionDays()),
                        expire("flink-errors", "flink/errors/", settings.errorsRetentionDays()),
                        expire("firehose-errors", "firehose/errors/", settings.errorsRetentionDays()),
                        // Flink's S3 sink commits multipart uploads at checkpoints; abandoned ones cost money.
                        LifecycleRule.builder().id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(7)).build()))
                .metrics(ERROR_PREFIXES.stream().map(prefix -> BucketMetrics.builder().id(metricsId(prefix))
                        .prefix(prefix).build()).toList())
                .build();
        Stream.Builder streamBuilder = Stream.Builder.create(this, "Changes")
                .encryption(StreamEncryption.MANAGED)
                .retentionPeriod(Duration.hours(24));
        if (settings.onDemandStream()) {
            streamBuilder.streamMode(StreamMode.ON_DEMAND);
        } else {
            streamBuilder.streamMode(StreamMode.PROVISIONED).shardCount(settings.shardCount());
        }
        stream = streamBuilder.build();
        alarms = Topic.Builder.create(this, "Alarms").displayName("pgflink alarms").enforceSsl(true).build();
        if (settings.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        alarmOnErrors();
        Alarm iteratorAge = stream.metricGetRecordsIteratorAgeMilliseconds(MetricOptions.builder().statistic("Maximum")
                        .period(Duration.minutes(1)).build())
                .createAlarm(this, "IteratorAge", software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions.builder()
                        .alarmDescription("A consumer of the change stream (the Flink job or Firehose) is falling behind")
                        .threshold(settings.iteratorAgeAlarmMs()).evaluationPeriods(5)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        iteratorAge.addAlarmAction(new SnsAction(alarms));
    }

    private void alarmOnErrors() {
        for (String prefix : ERROR_PREFIXES) {
            Metric puts = Metric.Builder.create().namespace("AWS/S3").metricName("PutRequests")
                    .dimensionsMap(java.util.Map.of("BucketName", bucket.getBucketName(), "FilterId", metricsId(prefix)))
                    .statistic("Sum").period(Duration.minutes(5)).build();
            Alarm alarm = puts.createAlarm(this, metricsId(prefix) + "-growing",
                    software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions.builder()
                            .alarmDescription("Records are being written to " + prefix + ": see their reasons there")
                            .threshold(0).evaluationPeriods(1)
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                            .treatMissingData(TreatMissingData.NOT_BREACHING).build());
            alarm.addAlarmAction(new SnsAction(alarms));
        }
    }

    private static String metricsId(String prefix) {
        return prefix.replace("/", "-").replaceAll("-$", "");
    }

    private static LifecycleRule expire(String id, String prefix, int days) {
        return LifecycleRule.builder().id(id).prefix(prefix).expiration(Duration.days(days)).build();
    }

    public Bucket bucket() {
        return bucket;
    }

    public Stream stream() {
        return stream;
    }

    public Topic alarms() {
        return alarms;
    }
}
