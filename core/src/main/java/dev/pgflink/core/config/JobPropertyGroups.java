package dev.pgflink.core.config;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Property groups built in code (the local pipeline, tests, benchmarks, the CDK app) in the shape
 * Managed Flink hands the job: group id → properties.
 */
public final class JobPropertyGroups {
    private final Map<JobProperty, String> values = new EnumMap<>(JobProperty.class);

    public JobPropertyGroups set(JobProperty property, String value) {
        values.put(property, value);
        return this;
    }

    public JobPropertyGroups set(JobProperty property, long value) {
        return set(property, Long.toString(value));
    }

    /** The properties of one group, key → value, in declaration order. */
    public Map<String, String> group(PropertyGroup group) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        values.forEach((property, value) -> {
            if (property.group() == group) {
                properties.put(property.key(), value);
            }
        });
        return properties;
    }

    /** Every group that has a property set, as {@code Properties} (a fresh copy each call). */
    public Map<String, Properties> toMap() {
        Map<String, Properties> groups = new HashMap<>();
        values.forEach((property, value) -> groups.computeIfAbsent(property.group().id(), g -> new Properties())
                .setProperty(property.key(), value));
        return groups;
    }
}
