package dev.pgflink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack, the rules AWS users check CDK apps with, finds nothing that is not
 * suppressed with a reason ({@link AwsSolutionsNag}), errors and warnings alike, in each
 * configuration of the app.
 */
class AwsSolutionsTest {
    @TempDir
    static Path work;

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "everything created", "existing resources without parity"})
    void noUnsuppressedFinding(String configuration) throws Exception {
        Map<String, Object> overrides = switch (configuration) {
            case "defaults" -> Map.of();
            case "everything created" -> Configurations.EVERYTHING_CREATED;
            default -> Configurations.EXISTING_RESOURCES_WITHOUT_PARITY;
        };
        Synth synth = Synth.withAwsSolutionsChecks(Files.createTempDirectory(work, "nag"), overrides);
        List<String> findings = new ArrayList<>();
        synth.stacks.forEach((name, stack) -> {
            Annotations annotations = Annotations.fromStack(stack);
            // cdk-nag reports a rule it could not evaluate as CdkNagValidationFailure[AwsSolutions-…].
            for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp(".*AwsSolutions-.*"))) {
                findings.add("error " + m.getId() + " " + firstLine(m));
            }
            for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp(".*AwsSolutions-.*"))) {
                findings.add("warning " + m.getId() + " " + firstLine(m));
            }
        });
        assertThat(findings).as(configuration).isEmpty();
        assertThat(synth.stacks).as("stacks checked").isNotEmpty();
    }

    private static String firstLine(SynthesisMessage message) {
        return String.valueOf(message.getEntry().getData()).lines().findFirst().orElse("");
    }
}
