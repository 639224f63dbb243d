package dev.pgflink.core.dms;

import java.util.Objects;

/** A record that could not be used: its error type and a reason a person can act on. */
public final class Rejection {
    private final ErrorType type;
    private final String reason;

    public Rejection(ErrorType type, String reason) {
        this.type = Objects.requireNonNull(type, "type");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ErrorType type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rejection && ((Rejection) o).type == type && ((Rejection) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, reason);
    }

    @Override
    public String toString() {
        return type.label() + ": " + reason;
    }
}
