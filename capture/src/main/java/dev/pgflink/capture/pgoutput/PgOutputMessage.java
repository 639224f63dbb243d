package dev.pgflink.capture.pgoutput;

import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} logical replication protocol (version 1) that
 * the capture acts on. See "Logical Replication Message Formats" in the PostgreSQL manual.
 */
public sealed interface PgOutputMessage {

    /** Starts a transaction: its commit LSN and time are known up front. */
    record Begin(long finalLsn, long commitTimeMicros, long xid) implements PgOutputMessage {
    }

    record Commit(long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {
    }

    /** A table's shape, sent before the first change to it and again after it changes. */
    record Relation(int id, String schema, String table, char replicaIdentity, List<Column> columns)
            implements PgOutputMessage {
    }

    record Column(String name, int typeOid, int typeModifier, boolean key) {
    }

    /** A user-defined type (enum, domain…) referenced by a relation. */
    record Type(int oid, String schema, String name) implements PgOutputMessage {
    }

    record Insert(int relationId, Tuple newTuple) implements PgOutputMessage {
    }

    /**
     * An update. {@code oldTuple} is present with REPLICA IDENTITY FULL ({@code 'O'}, the whole old
     * row) or when the key changed ({@code 'K'}, key columns only); else null.
     */
    record Update(int relationId, char oldKind, Tuple oldTuple, Tuple newTuple) implements PgOutputMessage {
    }

    /** A delete: the key columns ({@code 'K'}) or the whole old row ({@code 'O'}, REPLICA IDENTITY FULL). */
    record Delete(int relationId, char oldKind, Tuple oldTuple) implements PgOutputMessage {
    }

    record Truncate(List<Integer> relationIds, boolean cascade, boolean restartIdentity) implements PgOutputMessage {
    }

    /** {@code pg_logical_emit_message} output (slot option {@code messages}), used for DDL. */
    record LogicalMessage(boolean transactional, long lsn, String prefix, byte[] content) implements PgOutputMessage {
    }

    record Origin(long lsn, String name) implements PgOutputMessage {
    }
}
