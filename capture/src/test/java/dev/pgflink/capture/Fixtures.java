package dev.pgflink.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Reads the test fixtures under {@code src/test/resources}. */
public final class Fixtures {
    private Fixtures() {
    }

    public static JsonNode json(String resource) {
        try {
            return DmsJson.mapper().readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** The non-blank lines of a file, such as the expected records of a {@code .jsonl} file. */
    public static List<String> lines(String resource) {
        return Arrays.stream(new String(bytes(resource), StandardCharsets.UTF_8).split("\n"))
                .filter(line -> !line.isBlank()).collect(Collectors.toList());
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
