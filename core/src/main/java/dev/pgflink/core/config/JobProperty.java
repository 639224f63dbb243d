package dev.pgflink.core.config;

/**
 * Every runtime property the Flink job reads, defined once: the job's {@code JobConfig} reads them,
 * the CDK app writes them into Managed Flink's property groups, and the local pipeline and tests
 * set them. A renamed key fails to compile everywhere instead of failing at deploy.
 *
 * <p>Lives in core, which has no Flink or Kinesis connector dependency, so the CDK app can use it.
 * Defaults and ranges stay with the reader ({@code JobConfig}), where they are checked.
 */
public enum JobProperty {
    STREAM_NAMES(PropertyGroup.KINESIS_SOURCE, "stream.names"),
    AWS_REGION(PropertyGroup.KINESIS_SOURCE, "aws.region"),
    ENDPOINT(PropertyGroup.KINESIS_SOURCE, "endpoint"),
    INITIAL_POSITION(PropertyGroup.KINESIS_SOURCE, "initial.position"),
    INITIAL_TIMESTAMP(PropertyGroup.KINESIS_SOURCE, "initial.timestamp"),
    GETRECORDS_MAX(PropertyGroup.KINESIS_SOURCE, "getrecords.max"),
    GETRECORDS_INTERVAL_MS(PropertyGroup.KINESIS_SOURCE, "getrecords.interval.ms"),
    SHARD_DISCOVERY_INTERVAL_MS(PropertyGroup.KINESIS_SOURCE, "shard.discovery.interval.ms"),
    /** {@code POLLING} (GetRecords, shares the shard's 5 reads/s) or {@code EFO} (enhanced fan-out). */
    CONSUMER_TYPE(PropertyGroup.KINESIS_SOURCE, "consumer.type"),
    /** The EFO consumer's name; the job registers it when no ARN is given. */
    EFO_CONSUMER_NAME(PropertyGroup.KINESIS_SOURCE, "efo.consumer.name"),
    /** The ARN of an EFO consumer registered outside the job (the CDK app registers one). */
    EFO_CONSUMER_ARN(PropertyGroup.KINESIS_SOURCE, "efo.consumer.arn"),
    ACCESS_KEY(PropertyGroup.KINESIS_SOURCE, "access.key"),
    SECRET_KEY(PropertyGroup.KINESIS_SOURCE, "secret.key"),

    BASE_PATH(PropertyGroup.OUTPUT, "base.path"),
    FLINK_ROOT(PropertyGroup.OUTPUT, "flink.root"),
    /** {@code none} or {@code gzip}: how the record files (raw, transformed, control, errors) are written. */
    COMPRESSION(PropertyGroup.OUTPUT, "compression"),

    WINDOW_SIZE_MS(PropertyGroup.TRANSFORM, "window.size.ms"),
    MAX_OUT_OF_ORDERNESS_MS(PropertyGroup.TRANSFORM, "max.out.of.orderness.ms"),
    IDLENESS_MS(PropertyGroup.TRANSFORM, "idleness.ms"),
    QUIET_TIME_MS(PropertyGroup.TRANSFORM, "quiet.time.ms"),
    BEFORE_IMAGE_FIELD(PropertyGroup.TRANSFORM, "before.image.field"),

    CHECKPOINT_INTERVAL_MS(PropertyGroup.LOCAL, "checkpoint.interval.ms"),
    PARALLELISM(PropertyGroup.LOCAL, "parallelism"),
    WEB_UI_PORT(PropertyGroup.LOCAL, "web.ui.port"),
    S3_ENDPOINT(PropertyGroup.LOCAL, "s3.endpoint"),
    S3_ACCESS_KEY(PropertyGroup.LOCAL, "s3.access.key"),
    S3_SECRET_KEY(PropertyGroup.LOCAL, "s3.secret.key");

    private final PropertyGroup group;
    private final String key;

    JobProperty(PropertyGroup group, String key) {
        this.group = group;
        this.key = key;
    }

    public PropertyGroup group() {
        return group;
    }

    /** The key inside its group, as Managed Flink's property map holds it: {@code stream.names}. */
    public String key() {
        return key;
    }

    /** {@code Group.key}, as error messages and {@code --Group.key value} overrides name it. */
    public String qualifiedName() {
        return group.id() + "." + key;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
