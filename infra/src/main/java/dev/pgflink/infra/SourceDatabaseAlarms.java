package dev.pgflink.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Alarms on the source database's own metrics (namespace {@code AWS/RDS}, dimension
 * {@code DBInstanceIdentifier}): the write-ahead log a replication slot holds back is what fills a
 * quiet or abandoned source's disk.
 *
 * <ul>
 * <li>RDS for PostgreSQL publishes {@code OldestReplicationSlotLag}, {@code TransactionLogsDiskUsage}
 * and {@code FreeStorageSpace}, all in bytes ("Amazon CloudWatch metrics for Amazon RDS",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html).</li>
 * <li>Aurora PostgreSQL has no {@code FreeStorageSpace} (its storage is the cluster volume) and its
 * instance-level metrics list {@code TransactionLogsDiskUsage} (on the writer, when logical
 * replication or DMS is in use) and {@code ReplicationSlotDiskUsage} for the slots, not
 * {@code OldestReplicationSlotLag} ("Amazon CloudWatch metrics for Amazon Aurora",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html).
 * Watch the writer instance: after a failover, point {@code pgflink:sourceDbInstanceId} at the new one.</li>
 * </ul>
 */
final class SourceDatabaseAlarms extends Construct {
    private static final long MIB = 1024L * 1024;

    SourceDatabaseAlarms(Construct scope, String id, InfraSettings.SourceMonitoring source, ITopic topic) {
        super(scope, id);
        double walBytes = source.walAlarmMb() * (double) MIB;
        alarm("TransactionLogs", "TransactionLogsDiskUsage", source, "Maximum", walBytes,
                ComparisonOperator.GREATER_THAN_THRESHOLD,
                "Write-ahead log kept on the source is over " + source.walAlarmMb() + " MiB: is DMS reading the slot?",
                topic);
        if (source.engine() == InfraSettings.SourceEngine.RDS) {
            alarm("SlotLag", "OldestReplicationSlotLag", source, "Maximum", walBytes,
                    ComparisonOperator.GREATER_THAN_THRESHOLD,
                    "A replication slot on the source holds back more than " + source.walAlarmMb() + " MiB of WAL",
                    topic);
            alarm("FreeStorage", "FreeStorageSpace", source, "Minimum", source.freeStorageAlarmGb() * 1024.0 * MIB,
                    ComparisonOperator.LESS_THAN_THRESHOLD,
                    "The source database has less than " + source.freeStorageAlarmGb() + " GiB of free storage", topic);
        } else {
            alarm("SlotDiskUsage", "ReplicationSlotDiskUsage", source, "Maximum", walBytes,
                    ComparisonOperator.GREATER_THAN_THRESHOLD,
                    "Replication slot files on the source use more than " + source.walAlarmMb() + " MiB", topic);
        }
    }

    private void alarm(String id, String metric, InfraSettings.SourceMonitoring source, String statistic,
            double threshold, ComparisonOperator comparison, String description, ITopic topic) {
        Metric usage = Metric.Builder.create().namespace("AWS/RDS").metricName(metric)
                .dimensionsMap(Map.of("DBInstanceIdentifier", source.instanceId()))
                .statistic(statistic).period(Duration.minutes(5)).build();
        NotifyingAlarm.create(this, id, usage, AlarmProps.builder().alarmDescription(description)
                .threshold(threshold).comparisonOperator(comparison).evaluationPeriods(3), topic);
    }
}
