package dev.pgflink.core.flat;

import dev.pgflink.core.dms.DmsMetadata;
import dev.pgflink.core.dms.Rejection;
import java.nio.charset.StandardCharsets;

/**
 * What the flatten transform made of one record: a flat data line, a flat control line, or a
 * rejection. Lines are UTF-8 JSON ending in {@code \n}, ready to append to a JSON Lines file.
 */
public final class TransformResult {
    /** The three outcomes, each with its own output. */
    public enum Kind {
        /** A data record (insert, update, delete, load): goes to the transformed output. */
        DATA,
        /** A control record (DDL): goes to the control output. */
        CONTROL,
        /** Not a usable DMS record: goes to the errors output with its original bytes. */
        REJECTED
    }

    private final Kind kind;
    private final byte[] line;
    private final DmsMetadata metadata;
    private final Rejection rejection;

    private TransformResult(Kind kind, byte[] line, DmsMetadata metadata, Rejection rejection) {
        this.kind = kind;
        this.line = line;
        this.metadata = metadata;
        this.rejection = rejection;
    }

    static TransformResult data(byte[] line, DmsMetadata metadata) {
        return new TransformResult(Kind.DATA, line, metadata, null);
    }

    static TransformResult control(byte[] line, DmsMetadata metadata) {
        return new TransformResult(Kind.CONTROL, line, metadata, null);
    }

    static TransformResult rejected(Rejection rejection) {
        return new TransformResult(Kind.REJECTED, null, null, rejection);
    }

    public Kind kind() {
        return kind;
    }

    /** The flat JSON line with its trailing newline; null when rejected. */
    public byte[] line() {
        return line;
    }

    /** The line as a string (with its newline); null when rejected. For tests and logs. */
    public String lineText() {
        return line == null ? null : new String(line, StandardCharsets.UTF_8);
    }

    /** The record's metadata (table, operation, event time…); null when rejected. */
    public DmsMetadata metadata() {
        return metadata;
    }

    /** Why the record was rejected; null otherwise. */
    public Rejection rejection() {
        return rejection;
    }

    @Override
    public String toString() {
        return kind == Kind.REJECTED ? "rejected " + rejection : kind + " " + lineText().trim();
    }
}
