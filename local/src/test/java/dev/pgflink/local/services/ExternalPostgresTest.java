package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalPostgresTest {
    @Test
    void keepsTheUrlAsGivenAndNamesItsParts() {
        ExternalPostgres postgres = ExternalPostgres.of("jdbc:postgresql://db.internal:6543/orders?sslmode=require",
                "capture", "secret");
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/orders?sslmode=require");
        assertThat(postgres.host()).isEqualTo("db.internal");
        assertThat(postgres.port()).isEqualTo(6543);
        assertThat(postgres.database()).isEqualTo("orders");
        assertThat(ExternalPostgres.of("jdbc:postgresql://127.0.0.1/postgres", "u", "p").port()).isEqualTo(5432);
    }

    @Test
    void refusesWhatIsNotAPostgresUrl() {
        assertThatThrownBy(() -> ExternalPostgres.of("jdbc:mysql://db/orders", "u", "p"))
                .hasMessageContaining("jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
}
