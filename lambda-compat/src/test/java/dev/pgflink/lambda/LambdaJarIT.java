package dev.pgflink.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar on its own, as the Lambda runtime loads it: nothing from this build's class
 * path, only the JDK. A minimized jar that dropped a class the handler needs at run time (Jackson
 * loads some reflectively) would fail here rather than at a cold start in AWS.
 */
class LambdaJarIT {
    @Test
    void theShadedJarAloneTransformsAFirehoseBatch() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst().orElseThrow();
        }
        String order = Files.readString(Path.of("src/test/resources/sample/nine-orders.jsonl")).lines().findFirst()
                .orElseThrow();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> eventType = loader.loadClass("com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent");
            Class<?> recordType = loader.loadClass("com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent$Record");
            Object event = eventType.getConstructor().newInstance();
            List<Object> records = List.of(record(recordType, "1", order), record(recordType, "2", "not json"));
            eventType.getMethod("setRecords", List.class).invoke(event, records);

            Class<?> handlerType = loader.loadClass("dev.pgflink.lambda.FirehoseTransformHandler");
            assertThat(handlerType.getClassLoader()).isSameAs(loader);
            Object handler = handlerType.getConstructor().newInstance();
            Method handle = handlerType.getMethod("handleRequest", eventType,
                    loader.loadClass("com.amazonaws.services.lambda.runtime.Context"));
            Object response = handle.invoke(handler, event, null);

            List<?> results = (List<?>) response.getClass().getMethod("getRecords").invoke(response);
            List<String> statuses = results.stream().map(r -> call(r, "getResult").toString()).collect(Collectors.toList());
            assertThat(statuses).containsExactly("Ok", "ProcessingFailed");
            ByteBuffer line = (ByteBuffer) call(results.get(0), "getData");
            assertThat(StandardCharsets.UTF_8.decode(line.duplicate()).toString())
                    .startsWith("{\"id\":27,").contains("\"__op\":\"insert\"").endsWith("\n");
        }
    }

    private static Object record(Class<?> type, String id, String data) throws Exception {
        Object record = type.getConstructor().newInstance();
        type.getMethod("setRecordId", String.class).invoke(record, id);
        type.getMethod("setData", ByteBuffer.class).invoke(record, ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static Object call(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(method, e);
        }
    }
}
