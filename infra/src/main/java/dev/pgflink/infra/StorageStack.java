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
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketMetrics;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What every other stack writes to or reads from: the output bucket, the Kinesis stream, the
 * alarm topic and, when one is configured, the customer-managed KMS key. Kept apart so the compute
 * stacks can be replaced without touching data.
 */
public final class StorageStack extends Stack {
    /** Prefixes whose growth means records are failing: S3 request metrics are kept for each. */
    static final List<String> ERROR_PREFIXES = List.of("flink/errors/", "firehose/errors/");

    private final IKey key;
    private final Bucket bucket;
    private final Stream stream;
    private final Topic alarms;

    public StorageStack(Construct scope, String id, StackProps props, InfraSettings settings) {
        super(scope, id, props);
        key = encryptionKey(settings);
        Bucket.Builder bucketBuilder = Bucket.Builder.create(this, "Outputs")
                .bucketName(settings.bucketName());
        if (key == null) {
            bucketBuilder.encryption(BucketEncryption.S3_MANAGED);
        } else {
            // A bucket key: S3 asks KMS for a data key per bucket and period, not one per object.
            bucketBuilder.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true);
        }
        bucket = bucketBuilder
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
                // Longer than a stopped job or DMS outage is likely to last: a record older than this is gone.
                .retentionPeriod(Duration.hours(settings.streamRetentionHours()));
        if (key == null) {
            streamBuilder.encryption(StreamEncryption.MANAGED);
        } else {
            streamBuilder.encryption(StreamEncryption.KMS).encryptionKey(key);
        }
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
        if (settings.deployParity() || settings.consumerType() == InfraSettings.ConsumerType.POLLING) {
            alarmOnPollingReaders(settings);
        }
        outputs();
    }

    /**
     * The key the app creates (with a policy naming the roles that use it) or an existing one, or
     * null for AWS's own keys. The created key is retained with the bucket: deleting it would make
     * the retained data unreadable.
     */
    private IKey encryptionKey(InfraSettings settings) {
        return switch (settings.encryptionKey().mode()) {
            case NONE -> null;
            case EXISTING -> Key.fromKeyArn(this, "Key", settings.encryptionKey().existingKeyArn());
            case CREATE -> {
                // CDK's default policy keeps one statement: kms:* for the account root, so IAM policies
                // in the account can be given the key and the key can still be administered.
                Key created = Key.Builder.create(this, "Key")
                        .description("pgflink: the output bucket, the change stream and the Firehose path")
                        .alias("alias/pgflink")
                        .enableKeyRotation(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
                for (KeyUser user : KeyUser.values()) {
                    if (user == KeyUser.FIREHOSE && !settings.deployParity()) {
                        continue;
                    }
                    created.addToResourcePolicy(keyUse(user));
                }
                yield created;
            }
        };
    }

    /**
     * One role's use of the key, by its ARN as a condition: KMS refuses a policy whose principal
     * does not exist yet, and the roles are created after this stack.
     */
    private PolicyStatement keyUse(KeyUser user) {
        return PolicyStatement.Builder.create().sid(user.sid()).effect(Effect.ALLOW)
                .principals(List.of(new AccountRootPrincipal()))
                .actions(user.actions())
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnEquals", Map.of("aws:PrincipalArn", user.roleArn(this)),
                        "StringEquals", Map.of("kms:ViaService", user.viaServices(this))))
                .build();
    }

    /**
     * GetRecords readers: Firehose always polls, the job when it does not use enhanced fan-out.
     * Lag shows in the stream's iterator age; both readers sharing a shard's 5 reads/s and 2 MB/s
     * shows as throttled reads.
     */
    private void alarmOnPollingReaders(InfraSettings settings) {
        NotifyingAlarm.create(this, "IteratorAge", stream.metricGetRecordsIteratorAgeMilliseconds(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()),
                AlarmProps.builder()
                        .alarmDescription("A polling reader of the change stream (Firehose, or the Flink job without "
                                + "enhanced fan-out) is falling behind")
                        .threshold(settings.iteratorAgeAlarmMs()).evaluationPeriods(5)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD),
                alarms);
        NotifyingAlarm.create(this, "ReadsThrottled", stream.metricReadProvisionedThroughputExceeded(
                        MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()),
                AlarmProps.builder()
                        .alarmDescription("GetRecords calls on the change stream have been throttled for 15 minutes: "
                                + "the readers share each shard's 5 reads/s and 2 MB/s")
                        .threshold(0).evaluationPeriods(3)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD),
                alarms);
    }

    /** What the runbook's commands look up (docs/operations.md). */
    private void outputs() {
        Outputs.add(this, "BucketName", bucket.getBucketName(), "The output bucket (retained when the stack is deleted)");
        Outputs.add(this, "StreamName", stream.getStreamName(), "The Kinesis stream DMS writes and the job reads");
        Outputs.add(this, "StreamArn", stream.getStreamArn(), "The Kinesis stream's ARN");
        Outputs.add(this, "AlarmTopicArn", alarms.getTopicArn(), "The SNS topic every alarm notifies");
        if (key != null) {
            Outputs.add(this, "KeyArn", key.getKeyArn(), "The customer-managed KMS key of the bucket and the stream");
        }
    }

    private void alarmOnErrors() {
        for (String prefix : ERROR_PREFIXES) {
            Metric puts = Metric.Builder.create().namespace("AWS/S3").metricName("PutRequests")
                    .dimensionsMap(Map.of("BucketName", bucket.getBucketName(), "FilterId", metricsId(prefix)))
                    .statistic("Sum").period(Duration.minutes(5)).build();
            NotifyingAlarm.create(this, metricsId(prefix) + "-growing", puts, AlarmProps.builder()
                    .alarmDescription("Records are being written to " + prefix + ": see their reasons there")
                    .threshold(0).evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD), alarms);
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

    /** The customer-managed key of the bucket and the stream, or null for AWS's own keys. */
    public IKey key() {
        return key;
    }
}
