package dev.pgflink.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTableFileTest {
    private static final LakeTable LINES = new LakeTable("shop", "lines", List.of("order_id", "line"), List.of(
            new LakeColumn("order_id", "integer", "INTEGER"),
            new LakeColumn("line", "smallint", "SMALLINT"),
            new LakeColumn("tags", "text[]", LakeColumn.TEXT)));

    @TempDir
    Path work;

    @Test
    void tablesSurviveTheFile() throws Exception {
        Path file = work.resolve("lake-tables.json");
        LakeTableFile.write(List.of(LINES), file);

        assertThat(LakeTableFile.read(file)).containsExactly(LINES);
        assertThat(Files.readString(file)).contains("\"primaryKey\": [ \"order_id\", \"line\" ]").endsWith("}\n");
    }

    @Test
    void aTableWithoutAPrimaryKeyIsRefused() {
        assertThatThrownBy(() -> new LakeTable("shop", "log", List.of(), LINES.columns()))
                .hasMessageContaining("shop.log has no primary key");
    }

    @Test
    void aTableDefinedTwiceIsRefused() throws Exception {
        Path file = work.resolve("twice.json");
        LakeTableFile.write(List.of(LINES, LINES), file);

        assertThatThrownBy(() -> LakeTableFile.read(file)).hasMessageContaining("shop.lines is defined twice");
    }
}
