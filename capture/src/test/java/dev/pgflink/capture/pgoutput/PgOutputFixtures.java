package dev.pgflink.capture.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgflink.capture.Fixtures;
import dev.pgflink.capture.pgoutput.PgOutputMessage.Column;
import dev.pgflink.core.dms.DmsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Decoded pgoutput messages described in JSON, so that a test can say what the server sent in a
 * few readable lines. A fixture is an array of one-key objects, the key naming the message:
 *
 * <pre>
 * {"begin": {"xid": 554249, "finalLsn": "2/7C007178", "commitTime": "2024-12-16T13:24:38.504090Z"}}
 * {"relation": {"id": 16385, "schema": "delivery", "table": "orders", "replicaIdentity": "d",
 *               "columns": [{"name": "id", "type": 23, "key": true}, {"name": "tip", "type": 1700, "typmod": 655366}]}}
 * {"insert": {"relation": 16385, "new": ["35", null]}}
 * {"update": {"relation": 16385, "oldKind": "K", "old": ["2", null], "new": ["20", "1.50"]}}
 * {"delete": {"relation": 16385, "oldKind": "K", "old": ["20", null]}}
 * {"commit": {"commitLsn": "2/7C007178", "endLsn": "2/7C0071A8", "commitTime": "2024-12-16T13:24:38.504090Z"}}
 * {"truncate": {"relations": [16385]}}
 * {"message": {"prefix": "pgflink_ddl", "content": {...}}}
 * {"type": {"oid": 90000, "schema": "public", "name": "mood"}}
 * {"origin": {"lsn": "0/0", "name": "upstream"}}
 * </pre>
 *
 * Tuple values are text (a JSON string), SQL NULL ({@code null}) or an unchanged TOAST value
 * ({@code {"toast": "unchanged"}}); {@code type} is the type OID, {@code typmod} defaults to -1.
 */
public final class PgOutputFixtures {
    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private PgOutputFixtures() {
    }

    public static List<PgOutputMessage> messages(String resource) {
        List<PgOutputMessage> messages = new ArrayList<>();
        for (JsonNode node : Fixtures.json(resource)) {
            Map.Entry<String, JsonNode> only = node.fields().next();
            messages.add(message(only.getKey(), only.getValue()));
        }
        return messages;
    }

    private static PgOutputMessage message(String kind, JsonNode m) {
        switch (kind) {
            case "begin":
                return new PgOutputMessage.Begin(lsn(m.path("finalLsn")), postgresMicros(m.path("commitTime")),
                        m.path("xid").asLong());
            case "commit":
                return new PgOutputMessage.Commit(lsn(m.path("commitLsn")), lsn(m.path("endLsn")),
                        postgresMicros(m.path("commitTime")));
            case "relation":
                return new PgOutputMessage.Relation(m.path("id").asInt(), m.path("schema").asText(),
                        m.path("table").asText(), m.path("replicaIdentity").asText("d").charAt(0),
                        columns(m.path("columns")));
            case "insert":
                return new PgOutputMessage.Insert(m.path("relation").asInt(), tuple(m.path("new")));
            case "update":
                return new PgOutputMessage.Update(m.path("relation").asInt(), oldKind(m),
                        m.has("old") ? tuple(m.path("old")) : null, tuple(m.path("new")));
            case "delete":
                return new PgOutputMessage.Delete(m.path("relation").asInt(), oldKind(m), tuple(m.path("old")));
            case "truncate":
                List<Integer> relations = new ArrayList<>();
                m.path("relations").forEach(id -> relations.add(id.asInt()));
                return new PgOutputMessage.Truncate(List.copyOf(relations), false, false);
            case "message":
                return new PgOutputMessage.LogicalMessage(true, lsn(m.path("lsn")), m.path("prefix").asText(),
                        content(m.path("content")));
            case "type":
                return new PgOutputMessage.Type(m.path("oid").asInt(), m.path("schema").asText(), m.path("name").asText());
            case "origin":
                return new PgOutputMessage.Origin(lsn(m.path("lsn")), m.path("name").asText());
            default:
                throw new IllegalArgumentException("unknown message in fixture: " + kind);
        }
    }

    /** Columns as {@code {"name": …, "type": oid, "typmod": n, "key": true}}; also for the full load's rows. */
    public static List<Column> columns(JsonNode columns) {
        List<Column> list = new ArrayList<>();
        for (JsonNode c : columns) {
            list.add(new Column(c.path("name").asText(), c.path("type").asInt(), c.path("typmod").asInt(-1),
                    c.path("key").asBoolean(false)));
        }
        return List.copyOf(list);
    }

    private static Tuple tuple(JsonNode values) {
        char[] kinds = new char[values.size()];
        String[] texts = new String[values.size()];
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (value.isNull()) {
                kinds[i] = Tuple.NULL;
            } else if (value.isObject() && "unchanged".equals(value.path("toast").asText())) {
                kinds[i] = Tuple.UNCHANGED_TOAST;
            } else if (value.isTextual()) {
                kinds[i] = Tuple.TEXT;
                texts[i] = value.asText();
            } else {
                throw new IllegalArgumentException("a tuple value is a string, null or {\"toast\": \"unchanged\"}: "
                        + value);
            }
        }
        return new Tuple(kinds, texts);
    }

    private static char oldKind(JsonNode m) {
        return m.has("oldKind") ? m.path("oldKind").asText().charAt(0) : 0;
    }

    /** A logical message's content: a JSON value is sent as its text, as the DDL trigger does. */
    private static byte[] content(JsonNode content) {
        try {
            String text = content.isTextual() ? content.asText() : DmsJson.mapper().writeValueAsString(content);
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lsn(JsonNode text) {
        return text.isMissingNode() ? 0 : LogSequenceNumber.valueOf(text.asText()).asLong();
    }

    private static long postgresMicros(JsonNode time) {
        if (time.isMissingNode()) {
            return 0;
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(time.asText())) - POSTGRES_EPOCH_MICROS;
    }
}
