package dev.pgflink.local.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.services.S3Service;
import dev.pgflink.parity.ParityMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The parity command as a user runs it, against S3Proxy, credentials from the default AWS chain. */
@ExtendWith(LocalServicesExtension.class)
class ParityCommandTest {
    private static final String ORDER = "{\"id\":%d,\"status\":\"%s\",\"__op\":\"insert\",\"__schema\":\"delivery\","
            + "\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:24:38.504090Z\",\"__transaction_id\":%d}";

    @TempDir
    Path work;
    private final String bucket = LocalServicesExtension.uniqueName("parity-cli");
    private S3Service s3;
    private S3Client client;

    @BeforeEach
    void bucketWithBothPaths(S3Service s3) {
        this.s3 = s3;
        client = s3.newClient();
        s3.createBucket(client, bucket);
        put("flink/transformed/delivery/orders/window=20241216T132400Z/part-a-0.jsonl", line(1, "Paid") + line(2, "Paid"));
        put("flink/transformed/delivery/orders/window=20241216T132400Z/_manifest-a-0.json", "{\"records\":2}");
        put("firehose/transformed/2024/12/16/13/parity-1-2024-12-16-13-24-40-0a7f", line(2, "Paid") + line(1, "Paid"));
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        client.close();
    }

    @Test
    void exitsZeroWhenEqualOneWhenDifferentAndWritesTheReport() throws Exception {
        Path report = work.resolve("report.json");
        assertThat(run("--report", report.toString())).isZero();
        assertThat(DmsJson.mapper().readTree(report.toFile()).path("equal").asBoolean()).isTrue();

        put("firehose/transformed/2024/12/16/13/parity-1-2024-12-16-13-25-00-0b8e", line(3, "Paid"));
        assertThat(run("--report", report.toString())).isEqualTo(1);
        JsonNode json = DmsJson.mapper().readTree(report.toFile());
        assertThat(json.path("equal").asBoolean()).isFalse();
        assertThat(json.path("firehose").path("onlyHere").asLong()).isEqualTo(1);
    }

    @Test
    void exitsTwoWhenItCannotRead() {
        assertThat(run("--report", work.resolve("r.json").toString(), "--flink", "s3://no-such-bucket-x/flink")).isEqualTo(2);
        assertThat(run("--flink", "not-a-location")).isEqualTo(2);
    }

    private int run(String... extra) {
        String[] base = {"--flink", "s3://" + bucket + "/flink", "--firehose", "s3://" + bucket + "/firehose",
                "--endpoint", s3.endpoint().toString(), "--work-dir", work.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = ParityMain.commandLine().setErr(new java.io.PrintWriter(err, true));
        PrintStream out = System.out;
        int code = cli.execute(args);
        out.print(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    private static String line(int id, String status) {
        return String.format(ORDER, id, status, 1000 + id) + "\n";
    }

    private void put(String key, String body) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }
}
