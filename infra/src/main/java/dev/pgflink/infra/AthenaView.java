package dev.pgflink.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.core.lake.AthenaNaming;
import dev.pgflink.core.lake.AthenaTypes;
import dev.pgflink.core.lake.LakeColumn;
import dev.pgflink.core.lake.LakeView;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.glue.Database;
import software.constructs.Construct;

/**
 * An Athena view as a Glue table, stored the way Athena's own CREATE VIEW stores it: table type
 * {@code VIRTUAL_VIEW}, parameters {@code presto_view=true} and {@code comment=Presto View}, the
 * definition (SQL, catalog, schema, columns with Trino types) as base64 JSON in
 * {@code ViewOriginalText} between {@code /* Presto View: } and {@code  *}{@code /}, and the marker
 * {@code /* Presto View *}{@code /} as {@code ViewExpandedText}. The format is Trino's Hive
 * connector's, which Athena reads: {@code ViewReaderUtil.encodeViewData} and
 * {@code TrinoViewUtil.createViewProperties} in trinodb/trino
 * (https://github.com/trinodb/trino/blob/master/plugin/trino-hive/src/main/java/io/trino/plugin/hive/ViewReaderUtil.java).
 * AWS documents views only through DDL (https://docs.aws.amazon.com/athena/latest/ug/views.html).
 * Athena calls a view stale when its query's columns no longer match the ones stored here, so both
 * come from the same renderer ({@link LakeView#columns()}).
 */
final class AthenaView {
    private static final String CATALOG = "awsdatacatalog";
    private static final String PREFIX = "/* Presto View: ";
    private static final String SUFFIX = " */";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AthenaView() {
    }

    /** The view {@code name} in {@code database}, whose name (not a token) the definition names. */
    static CfnTable create(Construct scope, String id, Database database, String databaseName, String name, LakeView view) {
        return CfnTable.Builder.create(scope, id)
                .catalogId(Stack.of(scope).getAccount())
                .databaseName(database.getDatabaseName())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(name)
                        .tableType("VIRTUAL_VIEW")
                        .parameters(Map.of("presto_view", "true", "comment", "Presto View"))
                        .viewOriginalText(originalText(databaseName, view))
                        .viewExpandedText("/* Presto View */")
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .columns(view.columns().stream().map(c -> CfnTable.ColumnProperty.builder()
                                        .name(AthenaNaming.glueName(c.name())).type(AthenaTypes.hive(c.sqlType())).build()).toList())
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder().build())
                                .build())
                        .build())
                .build();
    }

    /** {@code /* Presto View: BASE64 *}{@code /} of {@code {originalSql, catalog, schema, columns: [{name, type}]}}. */
    private static String originalText(String database, LakeView view) {
        ObjectNode definition = JSON.createObjectNode()
                .put("originalSql", view.query())
                .put("catalog", CATALOG)
                .put("schema", database);
        ArrayNode columns = definition.putArray("columns");
        for (LakeColumn column : view.columns()) {
            columns.addObject().put("name", AthenaNaming.glueName(column.name())).put("type", AthenaTypes.trino(column.sqlType()));
        }
        return PREFIX + Base64.getEncoder().encodeToString(definition.toString().getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }
}
