package dev.pgflink.capture.pgoutput;

import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} logical replication protocol (version 1) that
 * the capture acts on. See "Logical Replication Message Formats" in the PostgreSQL manual.
 *
 * <p>Consumers dispatch on {@link #kind()} (as Debezium does on its {@code MessageType}): the
 * capture builds for Java 17, which has no pattern {@code switch}.
 */
public sealed interface PgOutputMessage {

    /** Which message this is; each kind is one record type below. */
    Kind kind();

    /** The message kinds, with the byte that starts each on the wire. */
    enum Kind {
        BEGIN('B'), COMMIT('C'), RELATION('R'), TYPE('Y'), INSERT('I'), UPDATE('U'), DELETE('D'), TRUNCATE('T'),
        LOGICAL_MESSAGE('M'), ORIGIN('O');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /** The kind a message's first byte names; null for a byte this protocol version does not define. */
        static Kind of(char code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Starts a transaction: its commit LSN and time are known up front. */
    record Begin(long finalLsn, long commitTimeMicros, long xid) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.BEGIN;
        }
    }

    record Commit(long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.COMMIT;
        }
    }

    /** A table's shape, sent before the first change to it and again after it changes. */
    record Relation(int id, String schema, String table, char replicaIdentity, List<Column> columns)
            implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.RELATION;
        }
    }

    record Column(String name, int typeOid, int typeModifier, boolean key) {
    }

    /** A user-defined type (enum, domain…) referenced by a relation. */
    record Type(int oid, String schema, String name) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.TYPE;
        }
    }

    record Insert(int relationId, Tuple newTuple) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.INSERT;
        }
    }

    /**
     * An update. {@code oldTuple} is present with REPLICA IDENTITY FULL ({@code 'O'}, the whole old
     * row) or when the key changed ({@code 'K'}, key columns only); else null.
     */
    record Update(int relationId, char oldKind, Tuple oldTuple, Tuple newTuple) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.UPDATE;
        }
    }

    /** A delete: the key columns ({@code 'K'}) or the whole old row ({@code 'O'}, REPLICA IDENTITY FULL). */
    record Delete(int relationId, char oldKind, Tuple oldTuple) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.DELETE;
        }
    }

    record Truncate(List<Integer> relationIds, boolean cascade, boolean restartIdentity) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.TRUNCATE;
        }
    }

    /** {@code pg_logical_emit_message} output (slot option {@code messages}), used for DDL. */
    record LogicalMessage(boolean transactional, long lsn, String prefix, byte[] content) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.LOGICAL_MESSAGE;
        }
    }

    record Origin(long lsn, String name) implements PgOutputMessage {
        @Override
        public Kind kind() {
            return Kind.ORIGIN;
        }
    }
}
