package dev.pgflink.infra;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: four stacks, as a team would deploy and replace them separately.
 * <ul>
 * <li>{@code PgflinkStorage} — the bucket, the Kinesis stream, the alarm topic (data; retained);</li>
 * <li>{@code PgflinkCapture} — DMS from PostgreSQL to the stream;</li>
 * <li>{@code PgflinkFlink} — the Flink job on Managed Service for Apache Flink;</li>
 * <li>{@code PgflinkParity} — Firehose with the transformation Lambda, for parity.</li>
 * </ul>
 * {@code cdk synth} / {@code cdk deploy} run this through {@code cdk.json}.
 */
public final class InfraApp {
    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the stacks to an app, in dependency order. */
    public static List<Stack> build(App app) {
        InfraSettings settings = InfraSettings.from(app.getNode());
        StackProps props = StackProps.builder().env(environment()).build();
        StorageStack storage = new StorageStack(app, "PgflinkStorage", props, settings);
        CaptureStack capture = new CaptureStack(app, "PgflinkCapture", props, settings, storage);
        FlinkStack flink = new FlinkStack(app, "PgflinkFlink", props, settings, storage);
        ParityStack parity = new ParityStack(app, "PgflinkParity", props, settings, storage);
        return List.of(storage, capture, flink, parity);
    }

    /** The account and region the CDK CLI resolved, if any; environment-agnostic otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        return account == null && region == null ? null
                : Environment.builder().account(account).region(region).build();
    }
}
