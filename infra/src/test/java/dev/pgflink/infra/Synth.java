package dev.pgflink.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the app with test context: stand-in jars (synthesis only hashes them) and given
 * overrides; optionally with cdk-nag's AwsSolutions checks applied to every stack first.
 */
final class Synth {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Syntheses several test classes read, made once per JVM (each takes seconds). */
    private static final Map<Map<String, Object>, Synth> SHARED = new ConcurrentHashMap<>();

    final Map<String, Stack> stacks = new LinkedHashMap<>();
    final Map<String, Template> templates = new HashMap<>();

    private Synth(Path work, Map<String, Object> overrides) throws IOException {
        this(work, overrides, false);
    }

    private Synth(Path work, Map<String, Object> overrides, boolean awsSolutionsChecks) throws IOException {
        Path job = Files.writeString(work.resolve("job.jar"), "job jar stand-in");
        Path lambda = Files.writeString(work.resolve("lambda.jar"), "lambda jar stand-in");
        Map<String, Object> context = new HashMap<>();
        context.put("pgflink:jobJar", job.toString());
        context.put("pgflink:lambdaJar", lambda.toString());
        context.putAll(overrides);
        App app = App.Builder.create().context(context).outdir(work.resolve("cdk.out").toString()).build();
        List<Stack> built = InfraApp.build(app);
        if (awsSolutionsChecks) {
            AwsSolutionsNag.apply(built);
        }
        for (Stack stack : built) {
            stacks.put(stack.getStackName(), stack);
            templates.put(stack.getStackName(), Template.fromStack(stack));
        }
    }

    /** The app with the AwsSolutions pack and this project's suppressions on every stack. */
    static Synth withAwsSolutionsChecks(Path work, Map<String, Object> overrides) throws IOException {
        return new Synth(work, overrides, true);
    }

    /** The app with these overrides, synthesized once for every test class that asks. */
    static synchronized Synth shared(Map<String, Object> overrides) throws IOException {
        Synth synth = SHARED.get(overrides);
        if (synth == null) {
            synth = in(Files.createDirectories(Path.of("target", "synth")), "shared", overrides);
            SHARED.put(Map.copyOf(overrides), synth);
        }
        return synth;
    }

    /** The app with cdk.json's defaults (and stand-in jars). */
    static Synth defaults() throws IOException {
        return shared(Map.of());
    }

    /** A fresh directory under {@code parent} for one more synthesis. */
    static Synth in(Path parent, String name, Map<String, Object> overrides) throws IOException {
        return new Synth(Files.createTempDirectory(parent, name), overrides);
    }

    Template template(String stack) {
        return templates.get(stack);
    }

    Stack stack(String stack) {
        return stacks.get(stack);
    }

    /** The template as JSON, for walking it. */
    JsonNode json(String stack) {
        return JSON.valueToTree(templates.get(stack).toJSON());
    }
}
