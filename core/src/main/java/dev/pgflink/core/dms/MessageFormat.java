package dev.pgflink.core.dms;

/** The DMS Kinesis endpoint setting {@code MessageFormat}. */
public enum MessageFormat {
    /** DMS default: the JSON document may be pretty-printed over several lines. */
    JSON("json"),
    /** One line per record. */
    JSON_UNFORMATTED("json-unformatted");

    private final String settingValue;

    MessageFormat(String settingValue) {
        this.settingValue = settingValue;
    }

    public String settingValue() {
        return settingValue;
    }

    /** Parses the DMS setting value, case-insensitively as DMS does. */
    public static MessageFormat fromSettingValue(String value) {
        for (MessageFormat format : values()) {
            if (format.settingValue.equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "MessageFormat must be 'json' or 'json-unformatted', not '" + value + "'");
    }
}
