package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.config.JobMetric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each alarm watches a metric, with the dimensions, that the service actually publishes; counters alarm on growth. */
class AlarmsTest {

    @Test
    void theJobsRejectedAndLateRecordCountsAlarmOnTheirIncreaseUnderTheApplicationDimensionOnly() throws Exception {
        JsonNode flink = Synth.defaults().json("PgflinkFlink");
        for (JobMetric metric : List.of(JobMetric.RECORDS_REJECTED, JobMetric.RECORDS_LATE)) {
            List<Templates.Alarm> alarms = Templates.alarmsOn(flink, metric.metricName());
            assertThat(alarms).as(metric.metricName()).hasSize(1);
            Templates.Alarm alarm = alarms.get(0);
            // Managed Flink exports the KinesisAnalytics group to AWS/KinesisAnalytics; at the APPLICATION
            // metrics level the only dimension is the application.
            assertThat(alarm.namespace()).isEqualTo("AWS/KinesisAnalytics");
            assertThat(alarm.dimensions()).isEqualTo(Map.of("Application", FlinkStack.APPLICATION));
            assertThat(alarm.expression()).as("alarms on the counter's increase").matches("(DIFF|RATE)\\(m\\)");
            assertThat(alarm.properties().path("AlarmActions").size()).isEqualTo(1);
        }
        assertThat(Templates.resources(flink, "AWS::KinesisAnalyticsV2::Application").values().iterator().next()
                .path("Properties").path("ApplicationConfiguration").path("FlinkApplicationConfiguration")
                .path("MonitoringConfiguration").path("MetricsLevel").asText()).isEqualTo("APPLICATION");
    }

    @Test
    void theFailedCheckpointAlarmIsOnTheIncreaseSoItClearsWhenCheckpointsSucceedAgain() throws Exception {
        List<Templates.Alarm> alarms = Templates.alarmsOn(Synth.defaults().json("PgflinkFlink"), "numberOfFailedCheckpoints");
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).expression()).matches("(DIFF|RATE)\\(m\\)");
        assertThat(alarms.get(0).properties().path("Threshold").asDouble()).isZero();
        assertThat(alarms.get(0).properties().path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void dmsLatencyAlarmsWatchTheTaskAndInstanceByTheResourceIdentifiersTheyAreGiven() throws Exception {
        JsonNode capture = Synth.defaults().json("PgflinkCapture");
        JsonNode task = Templates.resources(capture, "AWS::DMS::ReplicationTask").values().iterator().next().path("Properties");
        JsonNode instance = Templates.resources(capture, "AWS::DMS::ReplicationInstance").values().iterator().next()
                .path("Properties");
        // CloudWatch names the task by the end of its ARN: the resource identifier, set to a known constant.
        assertThat(task.path("ResourceIdentifier").asText()).isEqualTo(CaptureStack.TASK_ID);
        assertThat(instance.path("ResourceIdentifier").asText()).isEqualTo(CaptureStack.INSTANCE_ID);
        for (String metric : List.of("CDCLatencySource", "CDCLatencyTarget")) {
            List<Templates.Alarm> alarms = Templates.alarmsOn(capture, metric);
            assertThat(alarms).as(metric).hasSize(1);
            assertThat(alarms.get(0).namespace()).isEqualTo("AWS/DMS");
            assertThat(alarms.get(0).dimensions()).isEqualTo(Map.of(
                    "ReplicationInstanceIdentifier", instance.path("ResourceIdentifier").asText(),
                    "ReplicationTaskIdentifier", task.path("ResourceIdentifier").asText()));
        }
    }

    @Test
    void anRdsSourceAlarmsOnSlotLagTransactionLogsAndFreeStorage() throws Exception {
        JsonNode capture = Synth.shared(Configurations.EVERYTHING_CREATED).json("PgflinkCapture");
        for (String metric : List.of("OldestReplicationSlotLag", "TransactionLogsDiskUsage", "FreeStorageSpace")) {
            List<Templates.Alarm> alarms = Templates.alarmsOn(capture, metric);
            assertThat(alarms).as(metric).hasSize(1);
            assertThat(alarms.get(0).namespace()).isEqualTo("AWS/RDS");
            assertThat(alarms.get(0).dimensions()).isEqualTo(Map.of("DBInstanceIdentifier", "orders-db"));
        }
        assertThat(Templates.alarmsOn(capture, "FreeStorageSpace").get(0).properties().path("ComparisonOperator").asText())
                .isEqualTo("LessThanThreshold");
    }

    @Test
    void anAuroraSourceAlarmsOnWhatAuroraPublishesAndNotOnFreeStorageSpace() throws Exception {
        JsonNode capture = Synth.shared(Configurations.EXISTING_RESOURCES_WITHOUT_PARITY).json("PgflinkCapture");
        for (String metric : List.of("TransactionLogsDiskUsage", "ReplicationSlotDiskUsage")) {
            assertThat(Templates.alarmsOn(capture, metric)).as(metric).singleElement()
                    .satisfies(alarm -> assertThat(alarm.dimensions())
                            .isEqualTo(Map.of("DBInstanceIdentifier", "orders-aurora-writer")));
        }
        assertThat(Templates.alarmsOn(capture, "FreeStorageSpace")).isEmpty();
    }

    @Test
    void withoutASourceInstanceThereAreNoSourceDatabaseAlarms() throws Exception {
        assertThat(Templates.alarms(Synth.defaults().json("PgflinkCapture")))
                .noneMatch(alarm -> "AWS/RDS".equals(alarm.namespace()));
    }
}
