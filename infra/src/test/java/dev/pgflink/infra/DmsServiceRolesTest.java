package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DMS's account-wide service roles: their own stack, deployed before the capture stack needs them. */
class DmsServiceRolesTest {

    @Test
    void theRolesHaveAStackOfTheirOwnWithTheNamesAndManagedPoliciesDmsRequires() throws Exception {
        JsonNode roles = Synth.shared(Configurations.EVERYTHING_CREATED).json(DmsServiceRolesStack.ID);
        Map<String, String> policyByRole = new HashMap<>();
        Templates.resources(roles, "AWS::IAM::Role").values().forEach(role -> {
            JsonNode p = role.path("Properties");
            assertThat(p.path("AssumeRolePolicyDocument").toString()).contains("dms.amazonaws.com");
            policyByRole.put(p.path("RoleName").asText(), p.path("ManagedPolicyArns").toString());
        });
        assertThat(policyByRole).hasSize(2);
        assertThat(policyByRole.get(DmsServiceRolesStack.VPC_ROLE)).contains("service-role/AmazonDMSVPCManagementRole");
        assertThat(policyByRole.get(DmsServiceRolesStack.LOGS_ROLE)).contains("service-role/AmazonDMSCloudWatchLogsRole");
    }

    @Test
    void theCaptureStackDependsOnThemSoDmsVpcRoleExistsBeforeTheSubnetGroup() throws Exception {
        Synth synth = Synth.shared(Configurations.EVERYTHING_CREATED);
        assertThat(synth.stack("PgflinkCapture").getDependencies()).contains(synth.stack(DmsServiceRolesStack.ID));
    }

    @Test
    void inAnAccountThatHasThemNothingCreatesThem() throws Exception {
        Synth synth = Synth.defaults();
        assertThat(synth.templates).doesNotContainKey(DmsServiceRolesStack.ID);
        synth.templates.keySet().forEach(stack -> Templates.resources(synth.json(stack), "AWS::IAM::Role").values()
                .forEach(role -> assertThat(role.path("Properties").path("RoleName").asText()).as(stack)
                        .doesNotStartWith("dms-")));
    }
}
