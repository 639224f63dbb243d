package dev.pgflink.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes the app with test context: stand-in jars (synthesis only hashes them) and given overrides. */
final class Synth {
    final Map<String, Template> templates = new HashMap<>();

    Synth(Path work, Map<String, Object> overrides) throws IOException {
        Path job = Files.writeString(work.resolve("job.jar"), "job jar stand-in");
        Path lambda = Files.writeString(work.resolve("lambda.jar"), "lambda jar stand-in");
        Map<String, Object> context = new HashMap<>();
        context.put("pgflink:jobJar", job.toString());
        context.put("pgflink:lambdaJar", lambda.toString());
        context.putAll(overrides);
        App app = App.Builder.create().context(context).outdir(work.resolve("cdk.out").toString()).build();
        List<Stack> stacks = InfraApp.build(app);
        for (Stack stack : stacks) {
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
    }

    Template template(String stack) {
        return templates.get(stack);
    }
}
