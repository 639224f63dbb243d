package dev.pgflink.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading synthesized templates: resources by type, alarms with the metric they watch, IAM statements. */
final class Templates {
    private Templates() {
    }

    /** Every resource of a type: logical id → resource. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** The Flink application's property groups: [{PropertyGroupId, PropertyMap}]. */
    static JsonNode propertyGroups(JsonNode flinkTemplate) {
        return resources(flinkTemplate, "AWS::KinesisAnalyticsV2::Application").values().iterator().next()
                .path("Properties").path("ApplicationConfiguration").path("EnvironmentProperties").path("PropertyGroups");
    }

    /** One alarm as it watches: a plain metric, or a metric math expression over one metric. */
    record Alarm(String id, String namespace, String metricName, Map<String, String> dimensions, String statistic,
            String expression, JsonNode properties) {
    }

    static List<Alarm> alarms(JsonNode template) {
        List<Alarm> alarms = new ArrayList<>();
        resources(template, "AWS::CloudWatch::Alarm").forEach((id, resource) -> {
            JsonNode p = resource.path("Properties");
            if (p.has("MetricName")) {
                alarms.add(new Alarm(id, p.path("Namespace").asText(), p.path("MetricName").asText(),
                        dimensions(p.path("Dimensions")), p.path("Statistic").asText(), null, p));
                return;
            }
            String expression = null;
            JsonNode stat = null;
            for (JsonNode m : p.path("Metrics")) {
                if (m.has("Expression")) {
                    expression = m.path("Expression").asText();
                } else if (m.has("MetricStat")) {
                    stat = m.path("MetricStat");
                }
            }
            JsonNode metric = stat == null ? null : stat.path("Metric");
            alarms.add(new Alarm(id, metric == null ? null : metric.path("Namespace").asText(),
                    metric == null ? null : metric.path("MetricName").asText(),
                    metric == null ? Map.of() : dimensions(metric.path("Dimensions")),
                    stat == null ? null : stat.path("Stat").asText(), expression, p));
        });
        return alarms;
    }

    /** The alarms on one metric. */
    static List<Alarm> alarmsOn(JsonNode template, String metricName) {
        return alarms(template).stream().filter(a -> metricName.equals(a.metricName())).toList();
    }

    /** Dimension name → value; a value that is an intrinsic function is kept as its JSON. */
    private static Map<String, String> dimensions(JsonNode dimensions) {
        Map<String, String> map = new LinkedHashMap<>();
        dimensions.forEach(d -> map.put(d.path("Name").asText(),
                d.path("Value").isTextual() ? d.path("Value").asText() : d.path("Value").toString()));
        return map;
    }

    /** Every statement of every IAM policy attached to a role with this logical id prefix. */
    static List<JsonNode> roleStatements(JsonNode template, String roleLogicalIdPrefix) {
        List<JsonNode> statements = new ArrayList<>();
        resources(template, "AWS::IAM::Policy").values().forEach(policy -> {
            boolean forRole = false;
            for (JsonNode role : policy.path("Properties").path("Roles")) {
                forRole |= role.path("Ref").asText().startsWith(roleLogicalIdPrefix);
            }
            if (forRole) {
                policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        return statements;
    }

    /** An IAM Action or Resource: a string, a list of strings, or intrinsic functions (never wildcards). */
    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> values.addAll(strings(n)));
        }
        return values;
    }
}
