package dev.pgflink.core.dms;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds where a JSON text stops being Unicode in UTF-8: the first byte sequence that is not
 * well-formed UTF-8 (RFC 3629; the Unicode Standard, Table 3-7), or the first {@code \}{@code u} escape that
 * names half a UTF-16 surrogate pair without its other half (text that has no UTF-8 form).
 *
 * <p>Table 3-7, the only well-formed sequences:
 * <pre>
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF  80..BF
 *   U+0800..U+0FFF     E0      A0..BF  80..BF
 *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
 *   U+D000..U+D7FF     ED      80..9F  80..BF
 *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
 *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
 *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
 *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
 * </pre>
 * So C0, C1 and F5..FF never appear, E0 and F0 exclude overlong forms, ED excludes the surrogates
 * U+D800..U+DFFF and F4 stops at U+10FFFF.
 *
 * <p>Written by hand rather than with the JDK's strict {@code CharsetDecoder}, because it runs on
 * every record: on ASCII both take about 40 ns for a 600-byte record, but once a record holds some
 * other text the JDK 17 decoder goes byte by byte and takes six times as long (685 ns against
 * 115 ns, {@code StrictUtf8Benchmark}); it would also need a pass of its own for the escapes, and a
 * decoder per thread. The fuzz tests compare the offset this finds with the JDK decoder's on every
 * input.
 */
final class StrictUtf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    // In a word of ASCII bytes, (word ^ BACKSLASHES) - ONES sets a high bit exactly when a byte is a
    // backslash (that byte becomes 0 and borrows); bytes of 80..FF set their own high bit anyway.
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** Returned by {@link #firstProblem} for text that is all Unicode. */
    static final int NONE = -1;

    private StrictUtf8() {
    }

    /** The offset of the first byte that starts a problem, or {@link #NONE}. */
    static int firstProblem(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            // 32 bytes at a time while they are ASCII and hold no backslash: nearly all of a record.
            while (i <= n - 32) {
                long w1 = (long) LONGS.get(b, i);
                long w2 = (long) LONGS.get(b, i + 8);
                long w3 = (long) LONGS.get(b, i + 16);
                long w4 = (long) LONGS.get(b, i + 24);
                if (((w1 | w2 | w3 | w4 | ((w1 ^ BACKSLASHES) - ONES) | ((w2 ^ BACKSLASHES) - ONES)
                        | ((w3 ^ BACKSLASHES) - ONES) | ((w4 ^ BACKSLASHES) - ONES)) & HIGH_BITS) != 0) {
                    break;
                }
                i += 32;
            }
            // Then 8 at a time up to the word that stopped it (or through the tail).
            while (i <= n - 8) {
                long w = (long) LONGS.get(b, i);
                if (((w | ((w ^ BACKSLASHES) - ONES)) & HIGH_BITS) != 0) {
                    break;
                }
                i += 8;
            }
            // Then byte by byte over that word.
            int end = Math.min(n, i + 8);
            while (i < end) {
                int c = b[i] & 0xFF;
                int length;
                if (c < 0x80) {
                    length = c == '\\' ? escapeLength(b, i) : 1;
                } else {
                    length = sequenceLength(b, i, c);
                }
                if (length == 0) {
                    return i;
                }
                i += length;
            }
        }
        return NONE;
    }

    /** The length of the well-formed sequence starting with lead byte {@code c} at {@code i}, or 0. */
    private static int sequenceLength(byte[] b, int i, int c) {
        if (c >= 0xC2 && c <= 0xDF) {
            return continuation(b, i + 1, 0x80, 0xBF) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            int low = c == 0xE0 ? 0xA0 : 0x80;
            int high = c == 0xED ? 0x9F : 0xBF;
            return continuation(b, i + 1, low, high) && continuation(b, i + 2, 0x80, 0xBF) ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            int low = c == 0xF0 ? 0x90 : 0x80;
            int high = c == 0xF4 ? 0x8F : 0xBF;
            return continuation(b, i + 1, low, high) && continuation(b, i + 2, 0x80, 0xBF)
                    && continuation(b, i + 3, 0x80, 0xBF) ? 4 : 0;
        }
        // 80..BF without a lead byte, C0 and C1 (overlong), F5..FF (above U+10FFFF or no UTF-8 at all).
        return 0;
    }

    private static boolean continuation(byte[] b, int i, int low, int high) {
        if (i >= b.length) {
            return false;
        }
        int c = b[i] & 0xFF;
        return c >= low && c <= high;
    }

    /**
     * How many bytes the backslash escape at {@code i} covers, or 0 for a lone surrogate. Anything
     * that is not a {@code \}{@code uXXXX} escape of a surrogate is left to the JSON parser: only the
     * backslash and an ASCII byte after it are skipped, so {@code \\} hides nothing that follows.
     */
    private static int escapeLength(byte[] b, int i) {
        if (i + 1 >= b.length || b[i + 1] != 'u') {
            return i + 1 < b.length && b[i + 1] >= 0 ? 2 : 1;
        }
        int unit = hex4(b, i + 2);
        if (unit < 0xD800 || unit > 0xDFFF) {
            return 2; // not a surrogate, or not an escape the parser will accept
        }
        if (unit >= 0xDC00) {
            return 0; // a low surrogate with no high one before it
        }
        if (i + 7 < b.length && b[i + 6] == '\\' && b[i + 7] == 'u') {
            int low = hex4(b, i + 8);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                return 12;
            }
        }
        return 0; // a high surrogate not followed by a low one
    }

    /** The four hex digits at {@code i} as a number, or -1. */
    private static int hex4(byte[] b, int i) {
        if (i + 4 > b.length) {
            return -1;
        }
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(b[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Why the text is not Unicode at {@code offset}, for a rejection's reason. */
    static String describe(byte[] b, int offset) {
        int c = b[offset] & 0xFF;
        if (c == '\\') {
            return "the escape " + new String(b, offset, 6, StandardCharsets.US_ASCII) + " at byte " + offset
                    + " is half a UTF-16 surrogate pair: text that has no UTF-8 form";
        }
        StringBuilder bytes = new StringBuilder();
        int span = c < 0xC0 || c >= 0xF8 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        int end = Math.min(b.length, offset + span);
        for (int k = offset; k < end; k++) {
            if (k > offset && ((b[k] & 0xC0) != 0x80)) {
                break;
            }
            bytes.append(k > offset ? " " : "").append(String.format("%02X", b[k] & 0xFF));
        }
        return "not UTF-8 at byte " + offset + ": " + bytes + " " + kind(b, offset, c);
    }

    private static String kind(byte[] b, int offset, int c) {
        int next = offset + 1 < b.length ? b[offset + 1] & 0xFF : -1;
        boolean nextIsContinuation = (next & 0xC0) == 0x80;
        if (c >= 0x80 && c <= 0xBF) {
            return "(a continuation byte without a lead byte)";
        }
        if (c == 0xC0 || c == 0xC1 || c == 0xE0 && nextIsContinuation && next < 0xA0
                || c == 0xF0 && nextIsContinuation && next < 0x90) {
            return "(an overlong encoding)";
        }
        if (c == 0xED && nextIsContinuation && next >= 0xA0) {
            return "(a UTF-16 surrogate, U+D800..U+DFFF)";
        }
        if (c >= 0xF8) {
            return "(a byte UTF-8 never uses)";
        }
        if (c >= 0xF5 || c == 0xF4 && nextIsContinuation && next >= 0x90) {
            return "(above U+10FFFF)";
        }
        return "(a sequence cut short)";
    }
}
