package dev.pgflink.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** information_schema's type names mapped as DMS renders the values (dms-kinesis-format.md). */
class DmsTypeMappingTest {
    @Test
    void numbersBooleansDatesAndTimestampsAreTyped() {
        assertThat(DmsTypeMapping.sqlType("smallint", 16, 0)).isEqualTo("SMALLINT");
        assertThat(DmsTypeMapping.sqlType("integer", 32, 0)).isEqualTo("INTEGER");
        assertThat(DmsTypeMapping.sqlType("bigint", 64, 0)).isEqualTo("BIGINT");
        assertThat(DmsTypeMapping.sqlType("oid", null, null)).isEqualTo("BIGINT");
        assertThat(DmsTypeMapping.sqlType("real", 24, null)).isEqualTo("REAL");
        assertThat(DmsTypeMapping.sqlType("double precision", 53, null)).isEqualTo("DOUBLE");
        assertThat(DmsTypeMapping.sqlType("boolean", null, null)).isEqualTo("BOOLEAN");
        assertThat(DmsTypeMapping.sqlType("date", null, null)).isEqualTo("DATE");
        assertThat(DmsTypeMapping.sqlType("timestamp without time zone", null, null)).isEqualTo("TIMESTAMP");
        assertThat(DmsTypeMapping.sqlType("timestamp with time zone", null, null)).isEqualTo("TIMESTAMP");
    }

    @Test
    void aNumericIsADecimalUpTo38DigitsAndTextBeyondOrUnconstrained() {
        assertThat(DmsTypeMapping.sqlType("numeric", 10, 2)).isEqualTo("DECIMAL(10, 2)");
        assertThat(DmsTypeMapping.sqlType("numeric", 38, 0)).isEqualTo("DECIMAL(38, 0)");
        assertThat(DmsTypeMapping.sqlType("numeric", 39, 2)).isEqualTo(LakeColumn.TEXT);
        assertThat(DmsTypeMapping.sqlType("numeric", null, null)).isEqualTo(LakeColumn.TEXT);
    }

    @Test
    void everythingElseStaysText() {
        for (String type : new String[] {"text", "character varying", "jsonb", "json", "ARRAY", "USER-DEFINED", "uuid",
                "bytea", "time without time zone", "interval"}) {
            assertThat(DmsTypeMapping.sqlType(type, null, null)).as(type).isEqualTo(LakeColumn.TEXT);
        }
    }
}
