package dev.pgflink.core.config;

/**
 * The job's own metrics, defined once: the job registers them, the CDK app alarms on them.
 *
 * <p>Managed Service for Apache Flink exports a custom metric to CloudWatch only when it is
 * registered in a metric group with the key {@value #GROUP}: "Use custom metrics with Amazon
 * Managed Service for Apache Flink",
 * https://docs.aws.amazon.com/managed-flink/latest/java/monitoring-metrics-custom.html. The same
 * group shows in the Flink Web UI when the job runs locally.
 */
public enum JobMetric {
    RECORDS_IN("recordsIn"),
    BYTES_IN("bytesIn"),
    RECORDS_TRANSFORMED("recordsTransformed"),
    BYTES_TRANSFORMED("bytesTransformed"),
    RECORDS_CONTROL("recordsControl"),
    /** Records the transform rejected (written to the errors output). */
    RECORDS_REJECTED("recordsRejected"),
    /** Records that came after their window closed (written to late files). */
    RECORDS_LATE("recordsLate"),
    WINDOWS_COMPLETED("windowsCompleted");

    /** The metric group key Managed Flink exports to CloudWatch. */
    public static final String GROUP = "KinesisAnalytics";

    private final String metricName;

    JobMetric(String metricName) {
        this.metricName = metricName;
    }

    /** The name in Flink and in CloudWatch (namespace {@code AWS/KinesisAnalytics}). */
    public String metricName() {
        return metricName;
    }
}
