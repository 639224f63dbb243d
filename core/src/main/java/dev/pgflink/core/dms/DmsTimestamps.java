package dev.pgflink.core.dms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * DMS timestamps: ISO-8601 UTC with six fractional digits and a {@code Z}, such as
 * {@code 2024-12-16T13:24:38.504090Z}.
 */
public final class DmsTimestamps {

    private static final DateTimeFormatter DMS_FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private DmsTimestamps() {
    }

    /** The formatted date and time of the last second formatted: most calls share it. */
    private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    private static final class SecondPrefix {
        final long epochSecond;
        final String text;

        SecondPrefix(long epochSecond, String text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }

    /** The last two seconds parsed, checked: a record's timestamp and commit time often differ in the second. */
    private static volatile ParsedSeconds lastParsed = new ParsedSeconds("", 0, "", 0);

    private static final class ParsedSeconds {
        /** {@code yyyy-MM-ddTHH:mm:ss}, or empty (matches nothing). */
        final String text;
        final long epochSecond;
        final String previousText;
        final long previousEpochSecond;

        ParsedSeconds(String text, long epochSecond, String previousText, long previousEpochSecond) {
            this.text = text;
            this.epochSecond = epochSecond;
            this.previousText = previousText;
            this.previousEpochSecond = previousEpochSecond;
        }
    }

    /**
     * Formats an instant the way DMS does (microsecond precision, truncating). The capture stamps
     * every record with it, so the date and time part is formatted once per second.
     */
    public static String format(Instant instant) {
        SecondPrefix prefix = lastSecond;
        if (prefix.epochSecond != instant.getEpochSecond()) {
            String full = DMS_FORMAT.format(instant);
            prefix = new SecondPrefix(instant.getEpochSecond(), full.substring(0, full.length() - 7));
            lastSecond = prefix;
        }
        int micros = instant.getNano() / 1_000;
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = (char) ('0' + micros % 10);
            micros /= 10;
        }
        return new StringBuilder(27).append(prefix.text).append(digits).append('Z').toString();
    }

    /** Formats epoch microseconds the way DMS does. */
    public static String formatMicros(long epochMicros) {
        return format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L));
    }

    /**
     * Parses a DMS timestamp to epoch microseconds.
     *
     * <p>The DMS shape is read by hand: {@code Instant.parse} costs about as much as the rest of
     * the flatten transform, and this runs for every record. Other ISO-8601 instants with an
     * offset are accepted through {@code java.time}.
     *
     * @throws DateTimeException when the text is not an ISO-8601 instant
     */
    public static long parseMicros(String text) {
        long fast = parseDmsShape(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000L);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new DateTimeException("'" + text + "' is not an ISO-8601 timestamp such as "
                    + "2024-12-16T13:24:38.504090Z");
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or {@code Long.MIN_VALUE} if the text has another shape. */
    private static long parseDmsShape(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z') {
            return Long.MIN_VALUE;
        }
        long micros = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return Long.MIN_VALUE;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return Long.MIN_VALUE;
            }
            micros = fraction;
            for (int i = fractionDigits; i < 6; i++) {
                micros *= 10;
            }
            for (int i = fractionDigits; i > 6; i--) {
                micros /= 10;
            }
        }
        // Only a prefix that passed epochSecond is remembered, so a match needs no second check.
        ParsedSeconds seen = lastParsed;
        long epochSecond;
        if (s.regionMatches(0, seen.text, 0, 19)) {
            epochSecond = seen.epochSecond;
        } else if (s.regionMatches(0, seen.previousText, 0, 19)) {
            epochSecond = seen.previousEpochSecond;
        } else {
            epochSecond = epochSecond(s);
            if (epochSecond == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            lastParsed = new ParsedSeconds(s.substring(0, 19), epochSecond, seen.text, seen.epochSecond);
        }
        return epochSecond * 1_000_000L + micros;
    }

    /** The epoch second of s's {@code yyyy-MM-ddTHH:mm:ss} prefix, or {@code Long.MIN_VALUE} if it is not one. */
    private static long epochSecond(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
    }

    /** The decimal value of s[from, to), or -1 if any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
