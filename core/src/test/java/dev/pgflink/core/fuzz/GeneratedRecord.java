package dev.pgflink.core.fuzz;

import dev.pgflink.core.dms.MessageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A valid DMS record made by {@link DmsRecordArbitraries}: its bytes, the JSON model they were
 * written from, and the flat line the transform must make of it.
 */
public record GeneratedRecord(byte[] bytes, MessageFormat format, Map<String, Object> model, ExpectedFlatLine expected) {

    @Override
    public String toString() {
        return format.settingValue() + " " + new String(bytes, StandardCharsets.UTF_8);
    }
}
