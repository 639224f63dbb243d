package dev.pgflink.core.fuzz;

import dev.pgflink.core.dms.DmsRecordScanner;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.core.dms.RecordType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of DMS Kinesis records: valid ones of random shape and content, in both
 * message formats, with the flat line each must become; the same records mutated byte by byte;
 * and plain noise. The shapes follow shared/reference/dms-kinesis-format.md and the samples under
 * src/test/resources/sample.
 */
public final class DmsRecordArbitraries {
    /** The before-image field the records use (DMS's default name). */
    public static final String BEFORE_IMAGE = DmsRecordScanner.DEFAULT_BEFORE_IMAGE_FIELD;

    private static final List<Operation> DATA_OPERATIONS = operations(RecordType.DATA);
    private static final List<Operation> CONTROL_OPERATIONS = operations(RecordType.CONTROL);

    private DmsRecordArbitraries() {
    }

    private static List<Operation> operations(RecordType type) {
        List<Operation> list = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            if (operation.recordType() == type) {
                list.add(operation);
            }
        }
        return list;
    }

    // ---- inputs ----

    /** What a Kinesis stream may carry: valid records, damaged ones, and noise. */
    public static Arbitrary<byte[]> inputs() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, records().map(GeneratedRecord::bytes)),
                Tuple.of(6, mutants()),
                Tuple.of(1, noise()));
    }

    /** Valid records, each changed by one to four byte-level mutations. */
    public static Arbitrary<byte[]> mutants() {
        Arbitrary<List<Mutation>> someMutations = Arbitraries.frequencyOf(
                Tuple.of(6, mutations().list().ofSize(1)),
                Tuple.of(3, mutations().list().ofMinSize(2).ofMaxSize(4)));
        return Combinators.combine(records(), someMutations)
                .as((record, mutations) -> Mutation.applyAll(record.bytes(), mutations));
    }

    /** Short runs of random bytes or of JSON punctuation. */
    public static Arbitrary<byte[]> noise() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.strings().withChars("{}[]:,\"\\ 0-1eE.nultrf\u00e9").ofMaxLength(40)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- valid records ----

    /** Valid DMS records: data (insert, update, delete, load) and control, {@code json} and {@code json-unformatted}. */
    public static Arbitrary<GeneratedRecord> records() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Builders.withBuilder(RecordSpec::new)
                .use(Arbitraries.of(MessageFormat.class)).inSetter((s, v) -> s.format = v)
                .use(seeds).inSetter((s, v) -> s.styleSeed = v)
                .use(chance(15)).inSetter((s, v) -> s.control = v)
                .use(Arbitraries.of(DATA_OPERATIONS)).inSetter((s, v) -> s.dataOperation = v)
                .use(Arbitraries.of(CONTROL_OPERATIONS)).inSetter((s, v) -> s.controlOperation = v)
                .use(seeds).inSetter((s, v) -> s.metadataSeed = v)
                .use(chance(40)).inSetter((s, v) -> s.transactionDetails = v)
                .use(chance(20)).inSetter((s, v) -> s.partitionKeyValue = v)
                .use(Arbitraries.of(0, 1, 2)).inSetter((s, v) -> s.controlNames = v)
                .use(seeds.list().ofMaxSize(10)).inSetter((s, v) -> s.columnSeeds = v)
                .use(seeds.list().ofMaxSize(6)).withProbability(0.6).inSetter((s, v) -> s.beforeImageSeeds = v)
                .use(seeds).withProbability(0.7).inSetter((s, v) -> s.controlSeed = v)
                .use(seeds).withProbability(0.1).inSetter((s, v) -> s.extraFieldSeed = v)
                .use(seeds).withProbability(0.1).inSetter((s, v) -> s.extraMetadataSeed = v)
                .use(chance(10)).inSetter((s, v) -> s.shuffled = v)
                .build(RecordSpec::toRecord);
    }

    private static Arbitrary<Boolean> chance(int percent) {
        return Arbitraries.frequency(Tuple.of(100 - percent, false), Tuple.of(percent, true));
    }

    /** The choices one record is made of; {@link #toRecord} lays them out as DMS would. */
    private static final class RecordSpec {
        MessageFormat format;
        long styleSeed;
        boolean control;
        Operation dataOperation;
        Operation controlOperation;
        long metadataSeed;
        boolean transactionDetails;
        boolean partitionKeyValue;
        int controlNames;
        List<Long> columnSeeds;
        List<Long> beforeImageSeeds;
        Long controlSeed;
        Long extraFieldSeed;
        Long extraMetadataSeed;
        boolean shuffled;

        GeneratedRecord toRecord() {
            Operation operation = control ? controlOperation : dataOperation;
            RandomValues values = new RandomValues(metadataSeed);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("timestamp", values.timestamp());
            metadata.put("record-type", control ? "control" : "data");
            metadata.put("operation", operation.wireName());
            metadata.put("partition-key-type",
                    control ? "task-id" : operation == Operation.LOAD ? "primary-key" : "schema-table");
            if (partitionKeyValue) {
                // DMS writes it as a string; a number is read as its text.
                metadata.put("partition-key-value", values.coin() ? values.name() : values.number());
            }
            String schema = values.name();
            String table = values.name();
            // Control records may name no table, or an empty one (task-level DDL).
            if (!control || controlNames == 1) {
                metadata.put("schema-name", schema);
                metadata.put("table-name", table);
            } else if (controlNames == 2) {
                metadata.put("schema-name", "");
                metadata.put("table-name", "");
            }
            if (!control && operation != Operation.LOAD) {
                metadata.put("transaction-id", new JsonModel.Num(Long.toString(values.nonNegativeLong())));
                if (transactionDetails) {
                    metadata.put("transaction-record-id", new JsonModel.Num(Long.toString(1 + values.nonNegativeLong() % 100_000)));
                    metadata.put("prev-transaction-id", new JsonModel.Num(Long.toString(values.nonNegativeLong())));
                    metadata.put("prev-transaction-record-id", new JsonModel.Num(Long.toString(1 + values.nonNegativeLong() % 100_000)));
                    metadata.put("commit-timestamp", values.timestamp());
                    String lsn = String.format("%08X/%08X", values.nonNegativeLong() & 0xFF, values.nonNegativeLong() & 0xFFFF_FFFFL);
                    metadata.put("stream-position", lsn + "." + (values.nonNegativeLong() % 10) + "." + lsn);
                }
            }
            if (extraMetadataSeed != null) {
                metadata.put("x-extra", new RandomValues(extraMetadataSeed).value(1));
            }

            Map<String, Object> record = new LinkedHashMap<>();
            if (!control) {
                record.put("data", row(columnSeeds));
                if (operation == Operation.UPDATE && beforeImageSeeds != null) {
                    record.put(BEFORE_IMAGE, row(beforeImageSeeds));
                }
            } else if (controlSeed != null) {
                RandomValues controlValues = new RandomValues(controlSeed);
                record.put("control", controlSeed % 4 == 0 ? controlValues.object(1, 4) : controlValues.tableDefinition());
            }
            record.put("metadata", metadata);
            if (extraFieldSeed != null) {
                record.put("x-extra", new RandomValues(extraFieldSeed).value(1));
            }
            if (shuffled) {
                // DMS writes data, before-image, control, metadata; readers must not depend on it.
                List<Map.Entry<String, Object>> members = new ArrayList<>(record.entrySet());
                Collections.shuffle(members, new Random(styleSeed));
                record = new LinkedHashMap<>();
                for (Map.Entry<String, Object> member : members) {
                    record.put(member.getKey(), member.getValue());
                }
            }
            byte[] bytes = JsonTextWriter.write(record, styleSeed, format == MessageFormat.JSON_UNFORMATTED);
            return new GeneratedRecord(bytes, format, record, ExpectedFlatLine.of(record, BEFORE_IMAGE));
        }

        /** One column per seed (a repeated name keeps its first value). */
        private static Map<String, Object> row(List<Long> seeds) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (long seed : seeds) {
                RandomValues column = new RandomValues(seed);
                row.putIfAbsent(column.columnName(), column.value(1));
            }
            return row;
        }
    }

    // ---- mutations ----

    static Arbitrary<Mutation> mutations() {
        // Uniform and without edge cases: jqwik's bias toward small numbers and its edge cases (0, 1)
        // would keep hitting the record's first bytes.
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .withDistribution(RandomDistribution.uniform()).withoutEdgeCases();
        Arbitrary<Integer> anyByte = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> interestingBytes = Arbitraries.of(0x00, 0x09, 0x0A, 0x1F, 0x20, (int) '"', (int) '\\',
                (int) '{', (int) '}', (int) '[', (int) ']', (int) ',', (int) ':', (int) '0', (int) '9', (int) '-',
                (int) '.', (int) 'e', (int) 'u', (int) 'n', 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF,
                0xF0, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(positions, Arbitraries.integers().between(0, 7))
                        .as((at, bit) -> new Mutation(Mutation.Kind.FLIP_BIT, at, new byte[] {(byte) (1 << bit)}, 0))),
                Tuple.of(5, Combinators.combine(positions, Arbitraries.oneOf(interestingBytes, anyByte, plainBytes()))
                        .as((at, value) -> new Mutation(Mutation.Kind.SET_BYTE, at, new byte[] {(byte) (int) value}, 0))),
                Tuple.of(5, Combinators.combine(positions, insertions())
                        .as((at, bytes) -> new Mutation(Mutation.Kind.INSERT, at, bytes, 0))),
                Tuple.of(2, Combinators.combine(positions, Arbitraries.integers().between(1, 8))
                        .as((at, count) -> new Mutation(Mutation.Kind.DELETE, at, null, count))),
                Tuple.of(1, Combinators.combine(positions, Arbitraries.integers().between(1, 16))
                        .as((at, count) -> new Mutation(Mutation.Kind.DUPLICATE, at, null, count))),
                Tuple.of(1, positions.map(at -> new Mutation(Mutation.Kind.TRUNCATE, at, null, 0))));
    }

    /** Byte runs worth inserting: every kind of ill-formed UTF-8, its well-formed neighbours, JSON syntax. */
    private static Arbitrary<byte[]> insertions() {
        Arbitrary<byte[]> known = Arbitraries.of(
                // ill-formed (Unicode Table 3-7)
                "C0 AF", "C1 BF", "E0 80 AF", "E0 9F BF", "ED A0 80", "ED BF BF", "ED AF BF ED BF BF", "F0 80 80 80",
                "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "F7 BF BF BF", "F8 88 80 80 80", "FC 84 80 80 80 80",
                "FE", "FF", "80", "BF", "C2", "E1 80", "F1 80 80", "C3 28", "E2 28 A1",
                // well-formed corners
                "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BF", "F0 90 80 80", "F4 8F BF BF",
                "C3 A9", "E2 82 AC", "F0 9F 9A 9A", "EF BB BF")
                .map(DmsRecordArbitraries::hex);
        Arbitrary<byte[]> syntax = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\t", "\n", "\r", "0",
                "-1", "1e5", "null", "true", "\"x\"", ",\"k\":1", "\\ud800", "\\udc00", "\\ud83d\\ude9a", "\\u0000",
                "\\\\", "\\\"", "\\u", "\\x", "\u0000", "\u001f", "/*", "}{")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        // Text that keeps a string a string: most mutants should still be records, some of them valid.
        Arbitrary<byte[]> plain = plainBytes().list().ofMinSize(1).ofMaxSize(4).map(list -> {
            byte[] bytes = new byte[list.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) list.get(i);
            }
            return bytes;
        });
        return Arbitraries.frequencyOf(
                Tuple.of(3, known),
                Tuple.of(2, syntax),
                Tuple.of(3, plain),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4)));
    }

    private static Arbitrary<Integer> plainBytes() {
        return Arbitraries.of("abcxyzABCXYZ019 _-.".chars().boxed().toArray(Integer[]::new));
    }

    /** Bytes from hex pairs separated by spaces: {@code "C0 AF"}. */
    public static byte[] hex(String pairs) {
        String[] parts = pairs.trim().split(" +");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    /**
     * One byte-level change to a record: a bit flipped or a byte set ({@code bytes[0]}), bytes
     * inserted, {@code count} bytes deleted or repeated, or the record cut. Positions wrap around
     * the record's length.
     */
    record Mutation(Kind kind, int position, byte[] bytes, int count) {
        enum Kind { FLIP_BIT, SET_BYTE, INSERT, DELETE, DUPLICATE, TRUNCATE }

        static byte[] applyAll(byte[] input, List<Mutation> mutations) {
            byte[] bytes = input;
            for (Mutation mutation : mutations) {
                bytes = mutation.apply(bytes);
            }
            return bytes;
        }

        byte[] apply(byte[] in) {
            int n = in.length;
            int at = n == 0 ? 0 : position % n;
            switch (kind) {
                case FLIP_BIT:
                case SET_BYTE: {
                    if (n == 0) {
                        return in;
                    }
                    byte[] out = in.clone();
                    out[at] = kind == Kind.FLIP_BIT ? (byte) (out[at] ^ bytes[0]) : bytes[0];
                    return out;
                }
                case INSERT: {
                    int where = position % (n + 1);
                    byte[] out = new byte[n + bytes.length];
                    System.arraycopy(in, 0, out, 0, where);
                    System.arraycopy(bytes, 0, out, where, bytes.length);
                    System.arraycopy(in, where, out, where + bytes.length, n - where);
                    return out;
                }
                case DELETE: {
                    int length = Math.min(count, n - at);
                    byte[] out = new byte[n - length];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + length, out, at, n - at - length);
                    return out;
                }
                case DUPLICATE: {
                    int length = Math.min(count, n - at);
                    byte[] out = new byte[n + length];
                    System.arraycopy(in, 0, out, 0, at + length);
                    System.arraycopy(in, at, out, at + length, n - at);
                    return out;
                }
                case TRUNCATE:
                    return Arrays.copyOf(in, at);
                default:
                    throw new IllegalStateException(kind.toString());
            }
        }

        @Override
        public String toString() {
            return kind + "@" + position + (bytes != null ? " " + Arrays.toString(bytes) : count > 0 ? " " + count : "");
        }
    }
}
