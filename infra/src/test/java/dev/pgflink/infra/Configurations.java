package dev.pgflink.infra;

import java.util.Map;

/** The parameter sets the tests synthesize besides the defaults, so every option is built and checked. */
final class Configurations {
    private Configurations() {
    }

    static final String EXISTING_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** Everything this app can create, turned on: service roles, a new key, RDS alarms, a polling job, plain JSON files. */
    static final Map<String, Object> EVERYTHING_CREATED = Map.of(
            "pgflink:outputCompression", "none",
            "pgflink:createDmsServiceRoles", "true",
            "pgflink:kmsKey", "create",
            "pgflink:sourceDbInstanceId", "orders-db",
            "pgflink:sourceEngine", "rds",
            "pgflink:consumerType", "polling",
            "pgflink:streamRetentionHours", "720",
            "pgflink:dms.heartbeatFrequencyMinutes", "2");

    /** Using what exists: a key, a VPC, an Aurora source; without the Firehose path. */
    static final Map<String, Object> EXISTING_RESOURCES_WITHOUT_PARITY = Map.of(
            "pgflink:deployParity", "false",
            "pgflink:kmsKey", EXISTING_KEY,
            "pgflink:sourceDbInstanceId", "orders-aurora-writer",
            "pgflink:sourceEngine", "aurora",
            "pgflink:vpcId", "vpc-0123456789abcdef0",
            "pgflink:subnetIds", "subnet-0a,subnet-0b",
            "pgflink:availabilityZones", "eu-west-1a,eu-west-1b");
}
