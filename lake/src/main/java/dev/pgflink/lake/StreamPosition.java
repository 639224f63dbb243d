package dev.pgflink.lake;

/**
 * Reads the commit position out of DMS's {@code stream-position}. On a PostgreSQL source it
 * looks like {@code 00000002/7C007178.3.00000002/7C007178}: the commit LSN ({@code hi/lo} in hex),
 * the record's place in its transaction, the commit LSN again (the layout is inferred from real
 * DMS records; the capture writes it so).
 */
final class StreamPosition {
    private StreamPosition() {
    }

    /** The commit LSN as a number, or null when the text is not in that form. */
    static Long commitLsn(String position) {
        if (position == null) {
            return null;
        }
        int slash = position.indexOf('/');
        int dot = position.indexOf('.');
        if (slash <= 0 || slash > 8 || (dot >= 0 && dot < slash)) {
            return null;
        }
        int end = dot < 0 ? position.length() : dot;
        if (end - slash - 1 <= 0 || end - slash - 1 > 8) {
            return null;
        }
        try {
            long hi = Long.parseLong(position.substring(0, slash), 16);
            long lo = Long.parseLong(position.substring(slash + 1, end), 16);
            return (hi << 32) | lo;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
