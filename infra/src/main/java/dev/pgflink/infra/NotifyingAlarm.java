package dev.pgflink.infra;

import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Every alarm of the app: it notifies the alarm topic, and a period without data is not a breach
 * (most metrics here are published only when something happens). Each stack builds its own
 * metrics; the alarm's construct id is its logical id's base, so it must not change once deployed.
 */
final class NotifyingAlarm {
    private NotifyingAlarm() {
    }

    /**
     * @param options description, threshold, comparison and periods; the metric and the missing-data
     *     treatment are set here
     */
    static void create(Construct scope, String id, IMetric metric, AlarmProps.Builder options, ITopic topic) {
        new Alarm(scope, id, options.metric(metric).treatMissingData(TreatMissingData.NOT_BREACHING).build())
                .addAlarmAction(new SnsAction(topic));
    }
}
