package dev.pgflink.local.capture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgflink.capture.CaptureOptions;
import dev.pgflink.capture.CaptureRunner;
import dev.pgflink.capture.TableSelection;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.Loopback;
import dev.pgflink.local.services.PostgresService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The set-up mistakes a user makes first, each with a message that says what to do. */
@ExtendWith(LocalServicesExtension.class)
class CaptureErrorsTest {

    private static CaptureRunner runner(String jdbcUrl, String user, String password, URI kinesis, String stream) {
        return new CaptureRunner(CaptureOptions.builder()
                .jdbcUrl(jdbcUrl).user(user).password(password)
                .slot("errors_slot").publication("errors_pub")
                .stream(stream).region("us-east-1").kinesisEndpoint(kinesis)
                .credentials(KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY)
                .tables(TableSelection.all()).dms(DmsSettings.defaults())
                .flushInterval(Duration.ofMillis(100)).progressInterval(Duration.ofSeconds(30))
                .build());
    }

    private static String stream(KinesisService kinesis) {
        String stream = LocalServicesExtension.uniqueName("errors");
        try (KinesisClient client = kinesis.newClient()) {
            kinesis.createStream(client, stream, 1);
        }
        return stream;
    }

    @Test
    void aServerWithoutLogicalWalIsNamed(KinesisService kinesis) throws Exception {
        try (EmbeddedPostgres replicaLevel = EmbeddedPostgres.builder().setPort(Loopback.freePort())
                .setServerConfig("wal_level", "replica").start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + replicaLevel.getPort() + "/postgres";

            assertThatThrownBy(() -> runner(url, "postgres", "", kinesis.endpoint(), stream(kinesis)).run())
                    .hasMessageContaining("wal_level=replica").hasMessageContaining("wal_level=logical");
        }
    }

    @Test
    void aUserWithoutReplicationPermissionIsToldWhatToGrant(PostgresService postgres, KinesisService kinesis)
            throws Exception {
        try (Connection sql = postgres.connect(); Statement st = sql.createStatement()) {
            st.execute("DO $$ BEGIN CREATE ROLE plain_user LOGIN PASSWORD 'secret'; EXCEPTION WHEN duplicate_object THEN "
                    + "NULL; END $$");
            st.execute("CREATE SCHEMA IF NOT EXISTS perm_test");
            st.execute("CREATE TABLE IF NOT EXISTS perm_test.t (id int PRIMARY KEY)");
            st.execute("ALTER TABLE perm_test.t OWNER TO plain_user");
            st.execute("GRANT CREATE ON DATABASE postgres TO plain_user");
            st.execute("GRANT USAGE ON SCHEMA perm_test TO plain_user");
        }
        CaptureRunner runner = new CaptureRunner(CaptureOptions.builder()
                .jdbcUrl(postgres.jdbcUrl()).user("plain_user").password("secret")
                .slot("perm_slot").publication("perm_pub")
                .stream(stream(kinesis)).region("us-east-1").kinesisEndpoint(kinesis.endpoint())
                .credentials(KinesisService.ACCESS_KEY, KinesisService.SECRET_KEY)
                .tables(new TableSelection(List.of("perm_test.t"), List.of())).dms(DmsSettings.defaults())
                .flushInterval(Duration.ofMillis(100)).progressInterval(Duration.ofSeconds(30))
                .build());

        assertThatThrownBy(runner::run).hasMessageContaining("WITH REPLICATION");
    }

    @Test
    void aMissingStreamIsNamed(PostgresService postgres, KinesisService kinesis) {
        assertThatThrownBy(() -> runner(postgres.jdbcUrl(), postgres.user(), "", kinesis.endpoint(), "no-such-stream").run())
                .hasMessageContaining("Kinesis stream no-such-stream does not exist");
    }

    @Test
    void anUnreachableKinesisIsNamed(PostgresService postgres) {
        URI nowhere = URI.create("http://127.0.0.1:" + Loopback.freePort());

        assertThatThrownBy(() -> runner(postgres.jdbcUrl(), postgres.user(), "", nowhere, "cdc").run())
                .hasMessageContaining("cannot reach Kinesis");
    }
}
