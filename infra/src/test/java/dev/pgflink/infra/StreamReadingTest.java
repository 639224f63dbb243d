package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the job reads the stream (enhanced fan-out or polling), what it may do there, and how long the stream keeps records. */
class StreamReadingTest {
    private static final String EFO_CONSUMER = "pgflink-flink-job";

    @Test
    void withTheFirehosePathDeployedTheJobReadsThroughAConsumerTheAppRegisters() throws Exception {
        Synth synth = Synth.defaults();
        JsonNode flink = synth.json("PgflinkFlink");
        Map<String, JsonNode> consumers = Templates.resources(flink, "AWS::Kinesis::StreamConsumer");
        assertThat(consumers).hasSize(1);
        String consumerId = consumers.keySet().iterator().next();
        assertThat(consumers.get(consumerId).path("Properties").path("ConsumerName").asText()).isEqualTo(EFO_CONSUMER);

        Map<String, String> source = propertyGroup(flink, "KinesisSource");
        assertThat(source).containsEntry("consumer.type", "EFO").containsEntry("efo.consumer.name", EFO_CONSUMER);
        assertThat(source.get("efo.consumer.arn")).contains(consumerId).contains("ConsumerARN");
    }

    @Test
    void anEfoJobMayOnlySubscribeThroughItsConsumerAndDiscoverShards() throws Exception {
        List<JsonNode> statements = Templates.roleStatements(Synth.defaults().json("PgflinkFlink"), "Role");
        Map<Set<String>, String> kinesis = new HashMap<>();
        for (JsonNode statement : statements) {
            Set<String> actions = Set.copyOf(Templates.strings(statement.path("Action")));
            if (actions.stream().anyMatch(a -> a.startsWith("kinesis:"))) {
                kinesis.put(actions, statement.path("Resource").toString());
            }
        }
        assertThat(kinesis).hasSize(2);
        assertThat(kinesis.get(Set.of("kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer")))
                .contains("EfoConsumer").contains("ConsumerARN");
        assertThat(kinesis.get(Set.of("kinesis:DescribeStream", "kinesis:ListShards"))).contains("Changes");
        // Registered by the app: the job needs no Register/DeregisterStreamConsumer, and reads no GetRecords.
        assertThat(kinesis.keySet().stream().flatMap(Set::stream))
                .doesNotContain("kinesis:RegisterStreamConsumer", "kinesis:DeregisterStreamConsumer", "kinesis:GetRecords");
    }

    @Test
    void theEfoConsumersLagAlarmsByStreamAndConsumerName() throws Exception {
        List<Templates.Alarm> alarms = Templates.alarmsOn(Synth.defaults().json("PgflinkFlink"),
                "SubscribeToShardEvent.MillisBehindLatest");
        assertThat(alarms).singleElement().satisfies(alarm -> {
            assertThat(alarm.namespace()).isEqualTo("AWS/Kinesis");
            assertThat(alarm.dimensions().keySet()).containsExactlyInAnyOrder("StreamName", "ConsumerName");
            assertThat(alarm.dimensions()).containsEntry("ConsumerName", EFO_CONSUMER);
        });
    }

    @Test
    void firehosePollsSoTheStreamAlarmsOnIteratorAgeAndThrottledReads() throws Exception {
        Set<String> metrics = Templates.alarms(Synth.defaults().json("PgflinkStorage")).stream()
                .map(Templates.Alarm::metricName).collect(Collectors.toSet());
        assertThat(metrics).contains("GetRecords.IteratorAgeMilliseconds", "ReadProvisionedThroughputExceeded");
    }

    @Test
    void aPollingJobGetsGetRecordsNoConsumerAndTheIteratorAgeAlarm() throws Exception {
        Synth synth = Synth.shared(Configurations.EVERYTHING_CREATED);
        JsonNode flink = synth.json("PgflinkFlink");
        assertThat(Templates.resources(flink, "AWS::Kinesis::StreamConsumer")).isEmpty();
        assertThat(propertyGroup(flink, "KinesisSource")).containsEntry("consumer.type", "POLLING")
                .doesNotContainKeys("efo.consumer.name", "efo.consumer.arn");
        assertThat(Templates.roleStatements(flink, "Role").stream()
                .flatMap(s -> Templates.strings(s.path("Action")).stream()))
                .contains("kinesis:GetRecords", "kinesis:GetShardIterator").doesNotContain("kinesis:SubscribeToShard");
        assertThat(Templates.alarmsOn(flink, "SubscribeToShardEvent.MillisBehindLatest")).isEmpty();
        assertThat(Templates.alarmsOn(synth.json("PgflinkStorage"), "GetRecords.IteratorAgeMilliseconds")).hasSize(1);
    }

    @Test
    void withoutTheFirehosePathTheJobPollsByDefault() throws Exception {
        Synth synth = Synth.shared(Configurations.EXISTING_RESOURCES_WITHOUT_PARITY);
        assertThat(synth.templates).doesNotContainKey("PgflinkParity");
        assertThat(propertyGroup(synth.json("PgflinkFlink"), "KinesisSource")).containsEntry("consumer.type", "POLLING");
    }

    @Test
    void theStreamKeepsRecordsAWeekByDefaultSoAStoppedJobCanCatchUp() throws Exception {
        assertThat(stream(Synth.defaults()).path("RetentionPeriodHours").asInt()).isEqualTo(168);
        assertThat(stream(Synth.shared(Configurations.EVERYTHING_CREATED)).path("RetentionPeriodHours").asInt())
                .isEqualTo(720);
    }

    @Test
    void aReplayFromAPointInTimeIsAParameterOfTheJobsFreshStart() throws Exception {
        Map<String, String> defaults = propertyGroup(Synth.defaults().json("PgflinkFlink"), "KinesisSource");
        assertThat(defaults).containsEntry("initial.position", "TRIM_HORIZON").doesNotContainKey("initial.timestamp");
        Synth replay = Synth.shared(Map.of("pgflink:initialPosition", "at_timestamp",
                "pgflink:initialTimestamp", "2026-11-27T09:00:00Z"));
        assertThat(propertyGroup(replay.json("PgflinkFlink"), "KinesisSource"))
                .containsEntry("initial.position", "AT_TIMESTAMP").containsEntry("initial.timestamp", "2026-11-27T09:00:00Z");
    }

    private static JsonNode stream(Synth synth) {
        return Templates.resources(synth.json("PgflinkStorage"), "AWS::Kinesis::Stream").values().iterator().next()
                .path("Properties");
    }

    /** One property group of the application: key → value (intrinsic functions as their JSON). */
    static Map<String, String> propertyGroup(JsonNode flink, String id) {
        Map<String, String> properties = new HashMap<>();
        Templates.propertyGroups(flink).forEach(group -> {
            if (group.path("PropertyGroupId").asText().equals(id)) {
                group.path("PropertyMap").fields().forEachRemaining(e -> properties.put(e.getKey(),
                        e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            }
        });
        return properties;
    }
}
