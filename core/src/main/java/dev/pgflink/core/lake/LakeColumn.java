package dev.pgflink.core.lake;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A column of a lake table: its source name, its PostgreSQL type as the catalog describes it, and
 * the SQL type the views cast its text to ({@link #TEXT} when they keep it as text).
 */
@JsonPropertyOrder({"name", "postgresType", "sqlType"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LakeColumn {
    /** The SQL type of a column the views keep as the text DMS wrote. */
    public static final String TEXT = "VARCHAR";

    private final String name;
    private final String postgresType;
    private final String sqlType;

    /**
     * @param postgresType e.g. {@code numeric(10,2)}; null when the column's type is not from
     *        PostgreSQL (a column read from the output, a view's metadata column)
     */
    @JsonCreator
    public LakeColumn(@JsonProperty("name") String name, @JsonProperty("postgresType") String postgresType,
            @JsonProperty("sqlType") String sqlType) {
        this.name = Objects.requireNonNull(name, "name");
        this.postgresType = postgresType;
        this.sqlType = sqlType == null ? TEXT : sqlType;
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public String postgresType() {
        return postgresType;
    }

    @JsonProperty
    public String sqlType() {
        return sqlType;
    }

    /** True when the views keep the column as text, uncast. */
    @JsonIgnore
    public boolean isText() {
        return TEXT.equals(sqlType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LakeColumn)) {
            return false;
        }
        LakeColumn other = (LakeColumn) o;
        return name.equals(other.name) && Objects.equals(postgresType, other.postgresType)
                && sqlType.equals(other.sqlType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, postgresType, sqlType);
    }

    @Override
    public String toString() {
        return name + " " + sqlType + (postgresType == null ? "" : " (" + postgresType + ")");
    }
}
