package dev.pgflink.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: up to six stacks, as a team would deploy and replace them separately.
 * <ul>
 * <li>{@code PgflinkDmsServiceRoles} — DMS's account-wide service roles, only with
 * {@code pgflink:createDmsServiceRoles} (an account that has used DMS has them);</li>
 * <li>{@code PgflinkStorage} — the bucket, the Kinesis stream, the alarm topic, the optional KMS
 * key (data; retained);</li>
 * <li>{@code PgflinkCapture} — DMS from PostgreSQL to the stream;</li>
 * <li>{@code PgflinkFlink} — the Flink job on Managed Service for Apache Flink;</li>
 * <li>{@code PgflinkLakeCatalog} — the Glue database, tables and Athena views over the Flink
 * path's outputs;</li>
 * <li>{@code PgflinkParity} — Firehose with the transformation Lambda, for parity (unless
 * {@code pgflink:deployParity} is false).</li>
 * </ul>
 * {@code cdk synth} / {@code cdk deploy} run this through {@code cdk.json}; docs/operations.md is
 * the runbook.
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
        List<Stack> stacks = new ArrayList<>();
        DmsServiceRolesStack serviceRoles = settings.createDmsServiceRoles()
                ? new DmsServiceRolesStack(app, DmsServiceRolesStack.ID, props) : null;
        if (serviceRoles != null) {
            stacks.add(serviceRoles);
        }
        StorageStack storage = new StorageStack(app, "PgflinkStorage", props, settings);
        stacks.add(storage);
        stacks.add(new CaptureStack(app, "PgflinkCapture", props, settings, storage, serviceRoles));
        stacks.add(new FlinkStack(app, "PgflinkFlink", props, settings, storage));
        stacks.add(new LakeCatalogStack(app, "PgflinkLakeCatalog", props, settings, storage));
        if (settings.deployParity()) {
            stacks.add(new ParityStack(app, "PgflinkParity", props, settings, storage));
        }
        return stacks;
    }

    /** The account and region the CDK CLI resolved, if any; environment-agnostic otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        return account == null && region == null ? null
                : Environment.builder().account(account).region(region).build();
    }
}
