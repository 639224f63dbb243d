package dev.pgflink.job.source;

import static dev.pgflink.core.config.JobProperty.BASE_PATH;
import static dev.pgflink.core.config.JobProperty.CONSUMER_TYPE;
import static dev.pgflink.core.config.JobProperty.EFO_CONSUMER_ARN;
import static dev.pgflink.core.config.JobProperty.EFO_CONSUMER_NAME;
import static dev.pgflink.core.config.JobProperty.STREAM_NAMES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.core.config.JobPropertyGroups;
import dev.pgflink.job.config.JobConfig;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.junit.jupiter.api.Test;

class KinesisSourceFactoryTest {
    private static final String CONSUMER_ARN =
            "arn:aws:kinesis:eu-west-1:123456789012:stream/cdc-orders/consumer/pgflink-job:1700000000";

    private static JobPropertyGroups minimal(String streams) {
        return new JobPropertyGroups().set(STREAM_NAMES, streams).set(BASE_PATH, "s3://bucket");
    }

    private static Properties consumer(JobPropertyGroups groups) {
        Properties properties = KinesisSourceFactory.consumerProperties(JobConfig.from(groups.toMap()));
        // The connector's own validation, as the consumer runs it at construction.
        KinesisConfigUtil.validateConsumerConfiguration(properties, java.util.List.of("cdc-orders"));
        return properties;
    }

    @Test
    void pollingIsTheDefault() {
        assertThat(consumer(minimal("cdc-orders"))).containsEntry("flink.stream.recordpublisher", "POLLING");
    }

    @Test
    void efoWithTheDeploymentsConsumerOnlySubscribes() {
        Properties p = consumer(minimal("cdc-orders").set(CONSUMER_TYPE, "efo").set(EFO_CONSUMER_NAME, "pgflink-job")
                .set(EFO_CONSUMER_ARN, CONSUMER_ARN));

        assertThat(p).containsEntry("flink.stream.recordpublisher", "EFO")
                .containsEntry("flink.stream.efo.consumername", "pgflink-job")
                .containsEntry("flink.stream.efo.registration", "NONE")
                .containsEntry("flink.stream.efo.consumerarn.cdc-orders", CONSUMER_ARN);
    }

    @Test
    void efoWithoutAnArnIsRegisteredByTheJob() {
        Properties p = consumer(minimal("cdc-orders").set(CONSUMER_TYPE, "EFO").set(EFO_CONSUMER_NAME, "pgflink-job"));

        assertThat(p).containsEntry("flink.stream.efo.registration", "LAZY")
                .doesNotContainKey("flink.stream.efo.consumerarn.cdc-orders");
    }

    @Test
    void efoNeedsAConsumerName() {
        assertThatThrownBy(() -> JobConfig.from(minimal("cdc-orders").set(CONSUMER_TYPE, "EFO").toMap()))
                .hasMessageContaining("KinesisSource.efo.consumer.name").hasMessageContaining("required");
    }

    @Test
    void aConsumerArnNamesOneStream() {
        assertThatThrownBy(() -> JobConfig.from(minimal("a,b").set(CONSUMER_TYPE, "EFO").set(EFO_CONSUMER_NAME, "n")
                .set(EFO_CONSUMER_ARN, CONSUMER_ARN).toMap()))
                .hasMessageContaining("KinesisSource.efo.consumer.arn");
    }
}
