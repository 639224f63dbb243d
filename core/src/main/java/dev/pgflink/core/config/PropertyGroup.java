package dev.pgflink.core.config;

/** The job's runtime property groups (Managed Flink's {@code PropertyGroupId}s). */
public enum PropertyGroup {
    /** The Kinesis stream(s) and how to read them. */
    KINESIS_SOURCE("KinesisSource"),
    /** Where the outputs go. */
    OUTPUT("Output"),
    /** Windows and watermarks. */
    TRANSFORM("Transform"),
    /** Local runs only (MiniCluster, S3 emulator); Managed Flink sets these itself. */
    LOCAL("Local");

    private final String id;

    PropertyGroup(String id) {
        this.id = id;
    }

    /** The group's name in a property-group map or JSON file. */
    public String id() {
        return id;
    }
}
