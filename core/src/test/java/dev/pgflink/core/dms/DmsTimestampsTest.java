package dev.pgflink.core.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DmsTimestampsTest {

    private static long javaTimeMicros(String text) {
        Instant instant = Instant.parse(text);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-12-16T13:24:38.504090Z", "1970-01-01T00:00:00.000000Z", "1969-12-31T23:59:59.999999Z",
            "2000-02-29T12:00:00Z", "2024-12-16T13:24:38.5Z", "2024-12-16T13:24:38.123456789Z", "9999-12-31T23:59:59.999999Z",
            "0001-01-01T00:00:00.000000Z"})
    void theFastPathAgreesWithJavaTime(String text) {
        assertThat(DmsTimestamps.parseMicros(text)).isEqualTo(javaTimeMicros(text));
    }

    @Test
    void acceptsOtherOffsets() {
        assertThat(DmsTimestamps.parseMicros("2024-12-16T15:24:38.504090+02:00"))
                .isEqualTo(javaTimeMicros("2024-12-16T13:24:38.504090Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2024-12-16", "2024-12-16 13:24:38.504090Z", "2024-13-16T13:24:38.504090Z",
            "2024-12-16T24:00:00.000000Z", "2024-12-16T13:24:38.504090", "2024-12-16T13:24:38,5Z",
            "２０２４-12-16T13:24:38.504090Z"})
    void rejectsWhatIsNotAnInstant(String text) {
        assertThatThrownBy(() -> DmsTimestamps.parseMicros(text)).isInstanceOf(DateTimeException.class)
                .hasMessageContaining("is not an ISO-8601 timestamp");
    }

    @Test
    void aRememberedSecondStillHasItsFractionAndZoneChecked() {
        String a = "2024-12-16T13:24:38";
        String b = "2024-12-16T13:24:39";
        String c = "2024-12-16T13:24:40";
        for (String text : List.of(a + ".504090Z", b + ".000001Z", a + "Z", b + ".5Z", c + ".1Z", a + ".123456789Z",
                b + ".999999Z", c + "Z")) {
            assertThat(DmsTimestamps.parseMicros(text)).as(text).isEqualTo(javaTimeMicros(text));
        }
        for (String text : List.of(a + ".50409aZ", a + ".504090", a + ",504090Z", a + ".1234567890Z", a + ".504090ZZ",
                a + ".504090Z ", a + ".-04090Z")) {
            assertThatThrownBy(() -> DmsTimestamps.parseMicros(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void formatsAsDmsDoes() {
        assertThat(DmsTimestamps.formatMicros(javaTimeMicros("2024-12-16T13:24:38.504090Z")))
                .isEqualTo("2024-12-16T13:24:38.504090Z");
        assertThat(DmsTimestamps.format(Instant.parse("2024-12-16T13:24:38Z"))).isEqualTo("2024-12-16T13:24:38.000000Z");
        assertThat(DmsTimestamps.formatMicros(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void metadataBuiltFromAnInstantHasTheSameTextAndEventTimeAsParsed() {
        Instant instant = Instant.parse("2024-12-16T13:24:38.504090123Z");

        DmsMetadata fromInstant = DmsMetadata.builder().timestamp(instant).operation(Operation.INSERT).build();
        DmsMetadata parsed = DmsMetadata.builder().timestamp("2024-12-16T13:24:38.504090Z").operation(Operation.INSERT)
                .build();

        assertThat(fromInstant).isEqualTo(parsed);
        assertThat(fromInstant.eventTimeMicros()).isEqualTo(parsed.eventTimeMicros());
        assertThat(DmsMetadata.builder().timestamp(instant).commitTimestamp("2024-12-16T13:24:38.000001Z", 1L)
                .operation(Operation.INSERT).build().eventTimeMicros()).isEqualTo(1L);
    }
}
