package dev.pgflink.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Policy statements written out action by action. The CDK's {@code grant*} helpers use wildcard
 * actions ({@code s3:GetObject*}, {@code s3:List*}); least privilege here means every action named.
 */
final class Iam {
    private Iam() {
    }

    static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    static PolicyStatement allow(List<String> actions, String resource) {
        return allow(actions, List.of(resource));
    }
}
