package dev.pgflink.core.dms;

/** Why a Kinesis record is not a usable DMS record. Each rejected record carries exactly one. */
public enum ErrorType {
    /** Larger than a Kinesis record may be (1 MiB). */
    RECORD_TOO_LARGE,
    /**
     * The bytes are not UTF-8: UTF-16/32, a sequence Unicode's Table 3-7 does not allow (overlong,
     * surrogate, above U+10FFFF, cut short), or a JSON escape of half a surrogate pair
     * without its other half (such as {@code \}{@code uD800} alone).
     */
    NOT_UTF8,
    /** Not one JSON document: empty, truncated, malformed, or followed by more content. */
    NOT_JSON,
    /** Valid JSON, but an array, string, number, boolean or null rather than an object. */
    NOT_AN_OBJECT,
    /** No {@code metadata} object (absent or null). */
    MISSING_METADATA,
    /** {@code metadata} is not an object, or one of its fields is missing, of the wrong type or unreadable. */
    INVALID_METADATA,
    /** {@code record-type} is neither {@code data} nor {@code control}. */
    UNKNOWN_RECORD_TYPE,
    /** {@code operation} is not one DMS defines for the record type. */
    UNKNOWN_OPERATION,
    /** A data record without {@code data} (absent or null). */
    MISSING_DATA,
    /** {@code data}, the before-image or {@code control} is present but not an object, or appears twice. */
    INVALID_DATA;

    /** The name used in error outputs and metrics: lower-case with dashes, e.g. {@code not-json}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
