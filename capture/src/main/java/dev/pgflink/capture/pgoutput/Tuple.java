package dev.pgflink.capture.pgoutput;

/**
 * The column values of one row, in the relation's column order, as pgoutput sends them in text
 * format: a value, SQL NULL, or an unchanged TOAST value that was not sent.
 */
public final class Tuple {
    public static final char NULL = 'n';
    public static final char UNCHANGED_TOAST = 'u';
    public static final char TEXT = 't';

    private final char[] kinds;
    private final String[] values;

    Tuple(char[] kinds, String[] values) {
        this.kinds = kinds;
        this.values = values;
    }

    public int size() {
        return kinds.length;
    }

    /** {@link #NULL}, {@link #UNCHANGED_TOAST} or {@link #TEXT}. */
    public char kind(int column) {
        return kinds[column];
    }

    /** The value's PostgreSQL text form; null unless the kind is {@link #TEXT}. */
    public String text(int column) {
        return values[column];
    }
}
