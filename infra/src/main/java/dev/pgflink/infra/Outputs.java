package dev.pgflink.infra;

import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** A stack output with its description. */
final class Outputs {
    private Outputs() {
    }

    static void add(Construct scope, String id, String value, String description) {
        CfnOutput.Builder.create(scope, id).value(value).description(description).build();
    }
}
