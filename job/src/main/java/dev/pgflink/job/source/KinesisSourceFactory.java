package dev.pgflink.job.source;

import dev.pgflink.job.config.JobConfig;
import java.util.Properties;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants.EFORegistrationType;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants.RecordPublisherType;

/**
 * The only place that knows which Kinesis source the job uses. It is the legacy
 * {@code FlinkKinesisConsumer}: the {@code KinesisStreamsSource} of connector 4.3.0 fails on
 * streams with closed (resharded) shards. Flink 2.x removes the consumer; the move to
 * {@code KinesisStreamsSource} (connector 6.x) should change this class only.
 */
public final class KinesisSourceFactory {
    private KinesisSourceFactory() {
    }

    /** The job's source: the consumer on the configured streams, with the uid its state is kept under. */
    public static RecordSource source() {
        return (env, config) -> env.addSource(create(config))
                .name("Kinesis " + String.join(",", config.streams())).uid("kinesis-source");
    }

    private static SourceFunction<KinesisRecord> create(JobConfig config) {
        return new FlinkKinesisConsumer<>(config.streams(), new KinesisRecordSchema(), consumerProperties(config));
    }

    static Properties consumerProperties(JobConfig config) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, config.region());
        if (config.endpoint() != null) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, config.endpoint());
        }
        if (config.accessKey() != null) {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
            p.setProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID, config.accessKey());
            p.setProperty(AWSConfigConstants.AWS_SECRET_ACCESS_KEY, config.secretKey());
        } else {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        }
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, config.initialPosition().name());
        if (config.initialTimestamp() != null) {
            p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                    Double.toString(config.initialTimestamp().toEpochMilli() / 1000.0));
        }
        p.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_MAX, Integer.toString(config.getRecordsMax()));
        p.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                Long.toString(config.getRecordsIntervalMillis()));
        p.setProperty(ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                Long.toString(config.shardDiscoveryIntervalMillis()));
        if (config.consumerType() == JobConfig.ConsumerType.EFO) {
            p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, RecordPublisherType.EFO.name());
            p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, config.efoConsumerName());
            if (config.efoConsumerArn() != null) {
                // Registered by the deployment (the CDK app): the job only subscribes, so its role
                // needs no RegisterStreamConsumer / DeregisterStreamConsumer.
                p.setProperty(ConsumerConfigConstants.EFO_REGISTRATION_TYPE, EFORegistrationType.NONE.name());
                p.setProperty(ConsumerConfigConstants.efoConsumerArn(config.streams().get(0)), config.efoConsumerArn());
            } else {
                // Registered by the job when it starts, deregistered when it stops.
                p.setProperty(ConsumerConfigConstants.EFO_REGISTRATION_TYPE, EFORegistrationType.LAZY.name());
            }
        } else {
            p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, RecordPublisherType.POLLING.name());
        }
        return p;
    }
}
