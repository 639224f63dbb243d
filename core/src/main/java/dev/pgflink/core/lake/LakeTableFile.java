package dev.pgflink.core.lake;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The table definitions file ({@code lake-tables.json}): the source tables with their keys and
 * typed columns, written by the catalog command from PostgreSQL's {@code information_schema},
 * checked in by the user, read by the CDK app to define the Glue tables and Athena views.
 *
 * <pre>
 * {"tables": [{"schema": "delivery", "table": "orders", "primaryKey": ["id"],
 *              "columns": [{"name": "id", "postgresType": "integer", "sqlType": "INTEGER"}, …]}]}
 * </pre>
 */
public final class LakeTableFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One field per line with a space after the colon, so a changed column is a one-line diff. */
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private LakeTableFile() {
    }

    /** The file's document: a list of tables, in the order the command wrote them. */
    static final class Document {
        @JsonProperty
        final List<LakeTable> tables;

        @JsonCreator
        Document(@JsonProperty("tables") List<LakeTable> tables) {
            this.tables = tables == null ? List.of() : tables;
        }
    }

    /** The tables a file defines; each table once. */
    public static List<LakeTable> read(Path file) {
        try {
            List<LakeTable> tables = JSON.readValue(file.toFile(), Document.class).tables;
            Set<String> names = new HashSet<>();
            for (LakeTable table : tables) {
                if (!names.add(table.name())) {
                    throw new IllegalArgumentException(file + ": " + table.name() + " is defined twice");
                }
            }
            return tables;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the table definitions " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's text for these tables, ending in a newline. */
    public static String toJson(List<LakeTable> tables) {
        try {
            return WRITER.writeValueAsString(new Document(Objects.requireNonNull(tables))) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    public static void write(List<LakeTable> tables, Path file) throws IOException {
        Files.writeString(file, toJson(tables), StandardCharsets.UTF_8);
    }
}
