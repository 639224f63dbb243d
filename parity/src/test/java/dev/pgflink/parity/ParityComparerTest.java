package dev.pgflink.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityComparerTest {
    @TempDir
    Path work;

    private final ListOutput flink = new ListOutput("flink");
    private final ListOutput firehose = new ListOutput("firehose");

    @BeforeEach
    void bothPathsHoldTheSameChanges() {
        for (int i = 0; i < 500; i++) {
            String op = i % 10 == 0 ? "delete" : i % 3 == 0 ? "update" : "insert";
            String line = order(i, op, "Paid");
            flink.records.add(line);
            firehose.records.add(line);
        }
        String ddl = "{\"__op\":\"add-column\",\"__schema\":\"delivery\",\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:30:00.000000Z\",\"__transaction_id\":9}";
        flink.records.add(ddl);
        firehose.records.add(ddl);
        Collections.shuffle(firehose.records, new Random(7));
    }

    @Test
    void theSameRecordsInAnotherOrderAreEqual() throws IOException {
        ParityReport report = compare(false);

        assertThat(report.equal()).as(report.summary()).isTrue();
        assertThat(report.matched()).isEqualTo(501);
        assertThat(report.flink().recordsByTable()).isEqualTo(report.firehose().recordsByTable());
        assertThat(report.flink().recordsByTable().get("delivery.orders"))
                .containsEntry("insert", 300L).containsEntry("update", 150L).containsEntry("delete", 50L)
                .containsEntry("add-column", 1L);
        assertThat(report.summary()).startsWith("PARITY: EQUAL");
    }

    @Test
    void aChangedRecordIsReportedWithTheFieldThatDiffers() throws IOException {
        replace(firehose.records, order(43, "insert", "Paid"), order(43, "insert", "Refunded"));

        ParityReport report = compare(false);

        assertThat(report.equal()).isFalse();
        assertThat(report.differing()).isEqualTo(1);
        assertThat(report.flink().onlyHere()).isZero();
        assertThat(report.firehose().onlyHere()).isZero();
        ParityReport.Difference difference = report.differingExamples().get(0);
        assertThat(difference.identity()).contains("delivery.orders|insert|1006");
        assertThat(difference.fields()).singleElement().satisfies(field -> {
            assertThat(field.name()).isEqualTo("payment_status");
            assertThat(field.flink().asText()).isEqualTo("Paid");
            assertThat(field.firehose().asText()).isEqualTo("Refunded");
        });
        assertThat(new String(report.toJsonBytes(), StandardCharsets.UTF_8)).contains("\"differing\" : 1", "payment_status");
    }

    @Test
    void aMissingRecordIsReportedOnTheSideThatHasIt() throws IOException {
        firehose.records.remove(order(77, "insert", "Paid"));

        ParityReport report = compare(false);

        assertThat(report.equal()).isFalse();
        assertThat(report.flink().onlyHere()).isEqualTo(1);
        assertThat(report.flink().onlyHereExamples()).containsExactly(order(77, "insert", "Paid"));
        assertThat(report.firehose().onlyHere()).isZero();
        assertThat(report.differing()).isZero();
        assertThat(report.matched()).isEqualTo(500);
    }

    @Test
    void aDuplicatedRecordIsReportedAndFailsUnlessFirehoseDuplicatesAreAllowed() throws IOException {
        firehose.records.add(order(5, "insert", "Paid"));

        ParityReport strict = compare(false);
        assertThat(strict.equal()).isFalse();
        assertThat(strict.firehose().duplicates()).isEqualTo(1);
        assertThat(strict.firehose().duplicateExamples()).containsExactly(order(5, "insert", "Paid"));
        assertThat(strict.flink().duplicates()).isZero();
        assertThat(strict.differing()).isZero();

        assertThat(compare(true).equal()).isTrue();
    }

    @Test
    void flinkDuplicatesAlwaysFail() throws IOException {
        flink.records.add(order(5, "insert", "Paid"));

        ParityReport report = compare(true);

        assertThat(report.equal()).isFalse();
        assertThat(report.flink().duplicates()).isEqualTo(1);
    }

    @Test
    void errorsAreComparedByTheirOriginalBytes() throws IOException {
        flink.errors.add("{not json".getBytes(StandardCharsets.UTF_8));
        firehose.errors.add("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(compare(false).equal()).isTrue();

        firehose.errors.add("another".getBytes(StandardCharsets.UTF_8));
        ParityReport report = compare(false);
        assertThat(report.equal()).isFalse();
        assertThat(report.firehose().errors()).isEqualTo(2);
        assertThat(report.firehose().errorsOnlyHere()).isEqualTo(1);
        assertThat(report.flink().errorsOnlyHere()).isZero();
    }

    @Test
    void recordsWithTheSameMetadataAreTellApartByTheirPrimaryKeyWhenConfigured() throws IOException {
        // Full-load records carry no transaction: only the key distinguishes them.
        flink.records.clear();
        firehose.records.clear();
        flink.records.add(load(1, "a"));
        flink.records.add(load(2, "b"));
        firehose.records.add(load(1, "a"));
        firehose.records.add(load(2, "changed"));

        ParityReport withKey = new ParityComparer(Map.of("delivery.orders", List.of("id")), work, 4, 10, false, s -> {
        }).compare(flink, firehose);

        assertThat(withKey.differing()).isEqualTo(1);
        assertThat(withKey.differingExamples().get(0).identity()).endsWith("id=2");
    }

    @Test
    void aLineThatIsNotAFlatRecordIsComparedByItsText() throws IOException {
        flink.records.add("not json at all");
        ParityReport report = compare(false);

        assertThat(report.flink().onlyHere()).isEqualTo(1);
        assertThat(report.flink().recordsByTable()).containsKey(IdentityReader.UNREADABLE);
    }

    @Test
    void sameJsonValueSpelledDifferentlyIsADifferenceOfText() throws IOException {
        flink.records.clear();
        firehose.records.clear();
        flink.records.add(order(1, "insert", "Paid").replace("\"total_amount\":27.3", "\"total_amount\":27.30"));
        firehose.records.add(order(1, "insert", "Paid"));

        ParityReport report = compare(false);

        assertThat(report.differing()).isEqualTo(1);
        assertThat(report.differingExamples().get(0).fields()).extracting(FieldDiff.Field::name).containsExactly("(text)");
    }

    private ParityReport compare(boolean allowFirehoseDuplicates) throws IOException {
        return new ParityComparer(Map.of(), work, 8, 10, allowFirehoseDuplicates, s -> {
        }).compare(flink, firehose);
    }

    private static void replace(List<String> lines, String old, String replacement) {
        int at = lines.indexOf(old);
        assertThat(at).isNotNegative();
        lines.set(at, replacement);
    }

    static String order(int id, String op, String paymentStatus) {
        return "{\"id\":" + id + ",\"status\":\"Delivered\",\"total_amount\":27.3,\"payment_status\":\"" + paymentStatus
                + "\",\"__op\":\"" + op + "\",\"__schema\":\"delivery\",\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:24:"
                + String.format("%02d.%06dZ", id % 60, id) + "\",\"__transaction_id\":" + (1000 + id / 7)
                + ",\"__transaction_record_id\":" + id + ",\"__stream_position\":\"0/" + Integer.toHexString(id * 64) + "\"}";
    }

    private static String load(int id, String name) {
        return "{\"id\":" + id + ",\"name\":\"" + name
                + "\",\"__op\":\"load\",\"__schema\":\"delivery\",\"__table\":\"orders\",\"__timestamp\":\"2024-12-16T13:00:00.000000Z\"}";
    }
}
