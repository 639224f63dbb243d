package dev.pgflink.core.dms;

/**
 * Carries a {@link Rejection} out of a scan. Only thrown inside the record contract and turned
 * back into a value at its public edges; it has no stack trace because bad input is expected.
 */
public final class RecordRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    public RecordRejectedException(ErrorType type, String reason) {
        super(reason, null, false, false);
        this.rejection = new Rejection(type, reason);
    }

    public Rejection rejection() {
        return rejection;
    }
}
