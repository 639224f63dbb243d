package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class LocalServicesExtensionTest {

    @Test
    void givesEveryParameterOfAServiceTheSameRunningInstance(PostgresService postgres, LocalPostgres samePostgres,
            S3Service s3, LocalS3 sameS3) {
        assertThat(samePostgres).isSameAs(postgres);
        if (!LocalServicesExtension.useLocalStack()) {
            assertThat(sameS3).isSameAs(s3);
        }
        assertThat(sameS3.isRunning()).isTrue();
    }

    @Test
    void uniqueNamesDoNotRepeat() {
        assertThat(LocalServicesExtension.uniqueName("s")).isNotEqualTo(LocalServicesExtension.uniqueName("s"));
    }
}
