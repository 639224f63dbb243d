package dev.pgflink.core.fuzz;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The content of generated records (texts, numbers, nested values, names), drawn from one seed.
 * jqwik combines and shrinks the seeds (fewer columns, simpler shapes); building each value from a
 * seed by hand is what keeps thousands of records per second: generating every character as a
 * jqwik value of its own costs milliseconds per record.
 */
final class RandomValues {
    /** Code points JSON or UTF-8 treat specially: the ends of each UTF-8 length, noncharacters, separators. */
    private static final int[] CORNERS = {0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE,
        0xFFFF, 0x10000, 0x1F69A, 0x3FFFF, 0x40000, 0xFFFFF, 0x100000, 0x10FFFF, 0x2028, 0x2029};
    private static final String[] NUMBERS = {"0", "-0", "0.0", "-0.0", "1e0", "1E+2", "1.5e-7", "27.3", "89.2",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1234567890.123456789", "0.000001",
        "1E400", "1e-400", "1.0E-10", "100000000000000000000000000000000000000"};
    /** Strings as DMS writes PostgreSQL values: booleans, bytea, json text, arrays, uuids. */
    private static final String[] DMS_STRINGS = {"true", "false", "0x", "0xDEADBEEF", "{1,2}", "{\"foo\": \"bar\"}",
        "{\"a\": \"\\u00e9\\\\\"}", "a\\\\b", "123e4567-e89b-12d3-a456-426614174000", "\"quoted\"", "line\nbreak",
        "tab\tand\u0000nul"};
    private static final String[] RESERVED_LOOKING = {"__op", "___op", "__before", "__schema", "__", "_", "", "data",
        "metadata"};

    private final Random random;

    RandomValues(long seed) {
        this.random = new Random(seed);
    }

    /** Any Unicode text (no lone surrogates), weighted toward what JSON and UTF-8 make special. */
    String text(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(codePoint());
        }
        return s.toString();
    }

    private int codePoint() {
        int bucket = random.nextInt(22);
        if (bucket < 10) {
            return between(0x20, 0x7E);
        }
        switch (bucket) {
            case 10:
                return between(0x00, 0x1F);
            case 11:
            case 12:
                return "\"\\/\u007F".charAt(random.nextInt(4));
            case 13:
            case 14:
                return between(0x80, 0x7FF);
            case 15:
                return between(0x800, 0xD7FF);
            case 16:
                return between(0xE000, 0xFFFF);
            case 17:
            case 18:
                return between(0x10000, 0x10FFFF);
            default:
                return CORNERS[random.nextInt(CORNERS.length)];
        }
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** Identifiers as PostgreSQL names look: {@code [a-z0-9_]{1,16}}. */
    String identifier() {
        int length = 1 + random.nextInt(16);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append("abcdefghijklmnopqrstuvwxyz0123456789_".charAt(random.nextInt(37)));
        }
        return s.toString();
    }

    /** Schema and table names: identifiers mostly, any non-empty text sometimes. */
    String name() {
        if (random.nextInt(5) > 0) {
            return identifier();
        }
        String text = text(12);
        return text.isEmpty() ? "t" : text;
    }

    /** Column names, including ones that collide with the flat record's reserved names. */
    String columnName() {
        int bucket = random.nextInt(11);
        if (bucket < 6) {
            return identifier();
        }
        if (bucket < 8) {
            return "__" + identifier();
        }
        if (bucket < 10) {
            return text(12);
        }
        return RESERVED_LOOKING[random.nextInt(RESERVED_LOOKING.length)];
    }

    /** A JSON value nested up to {@code depth} levels. */
    Object value(int depth) {
        int bucket = random.nextInt(depth > 0 ? 16 : 14);
        if (bucket < 6) {
            return text(24);
        }
        if (bucket < 8) {
            return random.nextBoolean() ? timestamp() : DMS_STRINGS[random.nextInt(DMS_STRINGS.length)];
        }
        if (bucket < 12) {
            return number();
        }
        if (bucket == 12) {
            return random.nextBoolean();
        }
        if (bucket == 13) {
            return JsonModel.NULL;
        }
        if (bucket == 14) {
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                list.add(value(depth - 1));
            }
            return list;
        }
        return object(depth - 1, 4);
    }

    /** An object with up to {@code maxMembers} members, values nested up to {@code depth} levels. */
    Map<String, Object> object(int depth, int maxMembers) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = random.nextInt(maxMembers + 1); i > 0; i--) {
            object.putIfAbsent(columnName(), value(depth));
        }
        return object;
    }

    /** JSON number texts: longs, long integers, decimals, exponents, and the corners between them. */
    JsonModel.Num number() {
        int bucket = random.nextInt(8);
        if (bucket < 3) {
            return new JsonModel.Num(Long.toString(random.nextLong()));
        }
        if (bucket == 3) {
            return new JsonModel.Num(NUMBERS[random.nextInt(NUMBERS.length)]);
        }
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        if (random.nextInt(5) == 0) {
            text.append('0');
        } else {
            text.append((char) ('1' + random.nextInt(9))).append(digits(random.nextInt(31)));
        }
        if (random.nextBoolean()) {
            text.append('.').append(digits(1 + random.nextInt(20)));
        }
        if (random.nextInt(10) < 3) {
            text.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                    .append(digits(1 + random.nextInt(3)));
        }
        return new JsonModel.Num(text.toString());
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    boolean coin() {
        return random.nextBoolean();
    }

    long nonNegativeLong() {
        return random.nextLong() & Long.MAX_VALUE;
    }

    /** A DMS timestamp: UTC, six fractional digits, {@code Z}. */
    String timestamp() {
        int year = between(1970, 2099);
        int month = between(1, 12);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month,
                between(1, YearMonth.of(year, month).lengthOfMonth()), between(0, 23), between(0, 59), between(0, 59),
                between(0, 999_999));
    }

    /** IncludeControlDetails' table definition. */
    Map<String, Object> tableDefinition() {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = random.nextInt(7); i > 0; i--) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("type", new String[] {"INT32", "INT64", "STRING", "NUMERIC", "BOOLEAN", "DATETIME", "BLOB"}
                    [random.nextInt(7)]);
            if (random.nextBoolean()) {
                column.put("length", new JsonModel.Num(Integer.toString(1 + random.nextInt(65535))));
            }
            column.put("nullable", random.nextBoolean());
            columns.putIfAbsent(columnName(), column);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("columns", columns);
        definition.put("primary-key", new ArrayList<Object>(columns.keySet().stream().limit(1).toList()));
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("table-def", definition);
        return control;
    }
}
