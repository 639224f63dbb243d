package dev.pgflink.local.services;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the local services it names as parameters: {@link PostgresService},
 * {@link KinesisService} (kinesis-mock), {@link Kinesalite}, {@link S3Service} (S3Proxy, in memory),
 * or the concrete classes. Each starts at most once per test JVM, on first use, and stops when
 * the JVM's tests are done, whether they passed or not.
 *
 * <p>With {@code -Dpgflink.services=localstack} the {@code KinesisService} and {@code S3Service}
 * parameters come from one LocalStack container instead (needs Docker).
 *
 * <p>Tests share the services, so each makes its own streams and buckets ({@link #uniqueName}).
 */
public final class LocalServicesExtension implements ParameterResolver {
    public static final String SERVICES_PROPERTY = "pgflink.services";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalServicesExtension.class);
    private static final Set<Class<?>> SERVICES = Set.of(PostgresService.class, LocalPostgres.class,
            KinesisService.class, KinesisMock.class, Kinesalite.class, S3Service.class, LocalS3.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return SERVICES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ExtensionContext.Store store = extension.getRoot().getStore(NAMESPACE);
        Class<?> type = parameter.getParameter().getType();
        if (useLocalStack() && (type == KinesisService.class || type == S3Service.class)) {
            LocalStackServices localStack =
                    store.getOrComputeIfAbsent(LocalStackServices.class, k -> LocalStackServices.start(),
                            LocalStackServices.class);
            return type == KinesisService.class ? localStack.kinesis() : localStack.s3();
        }
        if (type == PostgresService.class || type == LocalPostgres.class) {
            return store.getOrComputeIfAbsent(LocalPostgres.class, k -> LocalPostgres.start(), LocalPostgres.class);
        }
        if (type == KinesisService.class || type == KinesisMock.class) {
            return store.getOrComputeIfAbsent(KinesisMock.class, k -> KinesisMock.start(), KinesisMock.class);
        }
        if (type == Kinesalite.class) {
            return store.getOrComputeIfAbsent(Kinesalite.class, k -> Kinesalite.start(), Kinesalite.class);
        }
        return store.getOrComputeIfAbsent(LocalS3.class, k -> LocalS3.startInMemory(), LocalS3.class);
    }

    static boolean useLocalStack() {
        return "localstack".equalsIgnoreCase(System.getProperty(SERVICES_PROPERTY, "emulators"));
    }

    /** A name no other test uses: streams and buckets are shared by every test in the JVM. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}
