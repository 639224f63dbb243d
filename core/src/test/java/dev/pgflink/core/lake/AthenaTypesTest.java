package dev.pgflink.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every SQL type the DMS mapping gives a column has a name in Glue (Hive) and in the Presto view (Trino). */
class AthenaTypesTest {
    @Test
    void everyTypeTheDmsMappingCanReturnHasAHiveAndATrinoName() {
        List<String> sqlTypes = new ArrayList<>();
        for (String dataType : DmsTypeMapping.BY_DATA_TYPE.keySet()) {
            sqlTypes.add(DmsTypeMapping.sqlType(dataType, null, null));
        }
        for (int precision = 1; precision <= DmsTypeMapping.MAX_DECIMAL_PRECISION + 1; precision++) {
            for (int scale = 0; scale <= precision; scale++) {
                sqlTypes.add(DmsTypeMapping.sqlType("numeric", precision, scale));
            }
        }
        sqlTypes.add(DmsTypeMapping.sqlType("numeric", null, null));
        sqlTypes.add(DmsTypeMapping.sqlType("jsonb", null, null));
        for (String sqlType : sqlTypes) {
            assertThat(AthenaTypes.hive(sqlType)).as(sqlType).isNotBlank();
            assertThat(AthenaTypes.trino(sqlType)).as(sqlType).isNotBlank();
        }
    }

    @Test
    void namesDifferWhereHiveAndTrinoSpellTypesDifferently() {
        assertThat(AthenaTypes.hive(LakeColumn.TEXT)).isEqualTo("string");
        assertThat(AthenaTypes.trino(LakeColumn.TEXT)).isEqualTo("varchar");
        assertThat(AthenaTypes.hive("INTEGER")).isEqualTo("int");
        assertThat(AthenaTypes.trino("TIMESTAMP")).isEqualTo("timestamp(3)");
        assertThat(AthenaTypes.hive("DECIMAL(10, 2)")).isEqualTo("decimal(10,2)");
        assertThat(AthenaTypes.trino("DECIMAL(10, 2)")).isEqualTo("decimal(10,2)");
    }
}
