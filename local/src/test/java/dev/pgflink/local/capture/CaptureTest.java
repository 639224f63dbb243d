package dev.pgflink.local.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.capture.render.DmsSettings.BeforeImage;
import dev.pgflink.capture.render.DmsSettings.ColumnFilter;
import dev.pgflink.core.dms.DmsJson;
import dev.pgflink.core.dms.DmsRecord;
import dev.pgflink.core.dms.DmsRecordParser;
import dev.pgflink.core.dms.MessageFormat;
import dev.pgflink.core.dms.Operation;
import dev.pgflink.local.services.KinesisService;
import dev.pgflink.local.services.LocalServicesExtension;
import dev.pgflink.local.load.SampleOrders;
import dev.pgflink.local.services.PostgresService;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The capture against real PostgreSQL and kinesis-mock: records as DMS writes them. */
@ExtendWith(LocalServicesExtension.class)
class CaptureTest {
    private static final DmsRecordParser PARSER = new DmsRecordParser();

    private static void sql(PostgresService postgres, String... statements) throws Exception {
        try (Connection connection = postgres.connect(); Statement st = connection.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private static List<DmsRecord> parse(List<byte[]> records) {
        return records.stream().map(bytes -> PARSER.parse(bytes).record()).collect(Collectors.toList());
    }

    static String createOrders(PostgresService postgres, String schema) throws Exception {
        try (Connection sql = postgres.connect()) {
            return SampleOrders.createTable(sql, schema);
        }
    }

    static void insertNineOrders(PostgresService postgres, String table) throws Exception {
        try (Connection sql = postgres.connect()) {
            SampleOrders.insertNine(sql, table);
        }
    }

    @Test
    void theNineOrderSampleLooksLikeTheReference(PostgresService postgres, KinesisService kinesis) throws Exception {
        String orders = createOrders(postgres, "delivery_sample");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("delivery_sample.orders"),
                DmsSettings.defaults())) {
            insertNineOrders(postgres, orders);

            List<byte[]> bytes = capture.records(9);
            List<DmsRecord> records = parse(bytes);

            assertThat(records).hasSize(9);
            assertThat(records).extracting(r -> r.metadata().transactionId()).containsOnly(records.get(0).metadata().transactionId());
            DmsRecord olivia = records.get(8);
            assertThat(olivia.metadata().operation()).isEqualTo(Operation.INSERT);
            assertThat(olivia.metadata().partitionKeyType()).isEqualTo("schema-table");
            assertThat(olivia.metadata().schemaName()).isEqualTo("delivery_sample");
            assertThat(olivia.metadata().tableName()).isEqualTo("orders");
            ObjectNode data = olivia.data();
            assertThat(data.fieldNames()).toIterable().containsExactly("id", "order_number", "customer_name", "status",
                    "total_amount", "payment_status", "delivery_address", "delivery_notes", "created_at", "updated_at",
                    "estimated_delivery_time", "restaurant_id");
            assertThat(data.get("order_number").asText()).isEqualTo("2156428");
            assertThat(data.get("customer_name").asText()).isEqualTo("Olivia Moore");
            assertThat(data.get("total_amount").toString()).isEqualTo("27.3");
            assertThat(data.get("payment_status").asText()).isEqualTo("Refunded");
            assertThat(data.get("delivery_notes").asText()).isEqualTo("Customer cancelled the order");
            assertThat(data.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(data.get("restaurant_id").isIntegralNumber()).isTrue();
            assertThat(olivia.metadata().timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            // MessageFormat json (the default) is pretty-printed; the metadata keys are in DMS's order.
            String text = new String(bytes.get(8), StandardCharsets.UTF_8);
            assertThat(text).contains("\n");
            assertThat(text.indexOf("\"timestamp\"")).isLessThan(text.indexOf("\"record-type\""));
            assertThat(text.indexOf("\"table-name\"")).isLessThan(text.indexOf("\"transaction-id\""));
        }
    }

    @Test
    void nullsArePresentWithIncludeNullAndEmpty(PostgresService postgres, KinesisService kinesis) throws Exception {
        String orders = createOrders(postgres, "delivery_nulls");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("delivery_nulls.%"),
                DmsSettings.defaults().withNullAndEmpty(true).withMessageFormat(MessageFormat.JSON_UNFORMATTED))) {
            insertNineOrders(postgres, orders);

            List<byte[]> bytes = capture.records(9);
            DmsRecord olivia = parse(bytes).get(8);

            assertThat(olivia.data().has("driver_id")).isTrue();
            assertThat(olivia.data().get("driver_id").isNull()).isTrue();
            assertThat(new String(bytes.get(8), StandardCharsets.UTF_8)).doesNotContain("\n");
        }
    }

    @Test
    void rendersEveryCommonType(PostgresService postgres, KinesisService kinesis) throws Exception {
        sql(postgres, "CREATE SCHEMA IF NOT EXISTS types_test", "CREATE TYPE types_test.mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE types_test.every (id int8 PRIMARY KEY, small int2, normal int4, price numeric(10,2), "
                        + "wide numeric, huge numeric(50,5), r real, d double precision, t text, v varchar(10), c char(4), "
                        + "b boolean, dt date, tm time, ts timestamp, tstz timestamptz, iv interval, u uuid, j json, "
                        + "jb jsonb, bin bytea, arr int4[], tags text[], m types_test.mood, nothing text)");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("types_test.every"), DmsSettings.defaults())) {
            sql(postgres, "INSERT INTO types_test.every VALUES (9223372036854775807, -32768, 2147483647, 27.30, "
                    + "1234567890.123456789, 1.5, 1.5, 2.25, 'héllo \"q\"', 'var', 'ab', true, '2024-12-16', '13:24:38.504', "
                    + "'2024-12-16 10:24:15.889986', '2024-12-16 12:24:15.5+02', '1 day 2 hours', "
                    + "'0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11', '{\"foo\": \"bar\"}', '{\"foo\": \"bar\"}', 'Hello', "
                    + "'{1,2}', '{a,\"b c\"}', 'happy', NULL)");

            JsonNode row = parse(capture.records(1)).get(0).data();

            assertThat(row.get("id").toString()).isEqualTo("9223372036854775807");
            assertThat(row.get("small").toString()).isEqualTo("-32768");
            assertThat(row.get("normal").toString()).isEqualTo("2147483647");
            assertThat(row.get("price").toString()).isEqualTo("27.3");
            assertThat(row.get("wide").toString()).isEqualTo("\"1234567890.123456789\"");
            assertThat(row.get("huge").toString()).isEqualTo("\"1.50000\"");
            assertThat(row.get("r").toString()).isEqualTo("1.5");
            assertThat(row.get("d").toString()).isEqualTo("2.25");
            assertThat(row.get("t").asText()).isEqualTo("héllo \"q\"");
            assertThat(row.get("v").asText()).isEqualTo("var");
            assertThat(row.get("c").asText()).isEqualTo("ab  ");
            assertThat(row.get("b").toString()).isEqualTo("\"true\"");
            assertThat(row.get("dt").asText()).isEqualTo("2024-12-16");
            assertThat(row.get("tm").asText()).isEqualTo("13:24:38.504");
            assertThat(row.get("ts").asText()).isEqualTo("2024-12-16T10:24:15.889986Z");
            assertThat(row.get("tstz").asText()).isEqualTo("2024-12-16T10:24:15.500000Z");
            assertThat(row.get("iv").asText()).isEqualTo("1 day 02:00:00");
            assertThat(row.get("u").asText()).isEqualTo("0b6e1a4c-2f43-4c55-9a0a-3d0c9f0c8e11");
            assertThat(row.get("j").asText()).isEqualTo("{\"foo\": \"bar\"}");
            assertThat(row.get("jb").asText()).isEqualTo("{\"foo\": \"bar\"}");
            assertThat(row.get("bin").asText()).isEqualTo("0x48656C6C6F");
            assertThat(row.get("arr").asText()).isEqualTo("{1,2}");
            assertThat(row.get("tags").asText()).isEqualTo("{a,\"b c\"}");
            assertThat(row.get("m").asText()).isEqualTo("happy");
            assertThat(row.has("nothing")).isFalse();
        }
    }

    @Test
    void beforeImagesFollowTheFilterAndTheReplicaIdentity(PostgresService postgres, KinesisService kinesis)
            throws Exception {
        sql(postgres, "CREATE SCHEMA IF NOT EXISTS bi_test",
                "CREATE TABLE bi_test.keyed (id int PRIMARY KEY, status varchar(20), note text)",
                "CREATE TABLE bi_test.full_row (id int PRIMARY KEY, status varchar(20), note text)",
                "ALTER TABLE bi_test.full_row REPLICA IDENTITY FULL",
                "INSERT INTO bi_test.keyed VALUES (1, 'Pending', 'n1'), (2, 'Pending', 'n2')",
                "INSERT INTO bi_test.full_row VALUES (1, 'Pending', 'n1')");
        for (ColumnFilter filter : ColumnFilter.values()) {
            try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("bi_test.%"), DmsSettings.defaults()
                    .withBeforeImage(new BeforeImage("before-image", filter)))) {
                sql(postgres, "UPDATE bi_test.keyed SET status = 'Paid' WHERE id = 1",
                        "UPDATE bi_test.keyed SET id = 20 WHERE id = 2",
                        "UPDATE bi_test.full_row SET status = 'Paid' WHERE id = 1",
                        "DELETE FROM bi_test.keyed WHERE id = 20",
                        "DELETE FROM bi_test.full_row WHERE id = 1");

                List<DmsRecord> records = parse(capture.records(5));

                assertThat(records).extracting(r -> r.metadata().operation()).containsExactly(Operation.UPDATE,
                        Operation.UPDATE, Operation.UPDATE, Operation.DELETE, Operation.DELETE);
                // Default identity, key unchanged: PostgreSQL sends no old values.
                assertThat(records.get(0).beforeImage().toString()).isEqualTo("{}");
                // Default identity, key changed: the old key.
                assertThat(records.get(1).beforeImage().toString()).isEqualTo("{\"id\":2}");
                // REPLICA IDENTITY FULL: the old row, filtered; text is a LOB and never included.
                assertThat(records.get(2).beforeImage().toString()).isEqualTo(filter == ColumnFilter.PK_ONLY
                        ? "{\"id\":1}" : "{\"id\":1,\"status\":\"Pending\"}");
                assertThat(records.get(3).data().toString()).isEqualTo("{\"id\":20}");
                assertThat(records.get(3).beforeImage()).isNull();
                assertThat(records.get(4).data().toString()).isEqualTo("{\"id\":1,\"status\":\"Paid\",\"note\":\"n1\"}");
                assertThat(records.get(0).data().toString()).isEqualTo("{\"id\":1,\"status\":\"Paid\",\"note\":\"n1\"}");

                sql(postgres, "INSERT INTO bi_test.keyed VALUES (2, 'Pending', 'n2')",
                        "INSERT INTO bi_test.full_row VALUES (1, 'Pending', 'n1')",
                        "UPDATE bi_test.keyed SET status = 'Pending' WHERE id = 1");
                capture.records(8);
            }
        }
    }

    @Test
    void transactionDetailsNumberTheRecordsAndLinkThePreviousTransaction(PostgresService postgres,
            KinesisService kinesis) throws Exception {
        sql(postgres, "CREATE SCHEMA IF NOT EXISTS tx_test", "CREATE TABLE tx_test.t (id int PRIMARY KEY)");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("tx_test.t"),
                DmsSettings.defaults().withTransactionDetails(true))) {
            sql(postgres, "INSERT INTO tx_test.t VALUES (1), (2), (3)", "INSERT INTO tx_test.t VALUES (4)");

            List<DmsRecord> records = parse(capture.records(4));

            assertThat(records).extracting(r -> r.metadata().transactionRecordId()).containsExactly(1L, 2L, 3L, 1L);
            assertThat(records.get(3).metadata().prevTransactionId()).isEqualTo(records.get(0).metadata().transactionId());
            assertThat(records.get(3).metadata().prevTransactionRecordId()).isEqualTo(3L);
            assertThat(records.get(0).metadata().commitTimestamp()).isNotNull();
            assertThat(records.get(0).metadata().streamPosition()).matches("[0-9A-F]{8}/[0-9A-F]{8}\\.1\\.[0-9A-F]{8}/[0-9A-F]{8}");
            assertThat(DmsJson.mapper().readTree(new dev.pgflink.core.dms.DmsRecordWriter(MessageFormat.JSON_UNFORMATTED)
                    .write(records.get(0))).at("/metadata/transaction-record-id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void ddlMidStreamBecomesControlRecordsAndDataKeepsFlowing(PostgresService postgres, KinesisService kinesis)
            throws Exception {
        sql(postgres, "CREATE SCHEMA IF NOT EXISTS ddl_test",
                "CREATE TABLE ddl_test.orders (id int PRIMARY KEY, status varchar(20))");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("ddl_test.%"), DmsSettings.defaults()
                .withTableAlterOperations(true, true).withMessageFormat(MessageFormat.JSON_UNFORMATTED))) {
            sql(postgres, "INSERT INTO ddl_test.orders VALUES (1, 'Pending')",
                    "ALTER TABLE ddl_test.orders ADD COLUMN tip numeric(10,2)",
                    "INSERT INTO ddl_test.orders VALUES (2, 'Paid', 1.50)",
                    "ALTER TABLE ddl_test.orders RENAME COLUMN tip TO gratuity",
                    "INSERT INTO ddl_test.orders VALUES (3, 'Paid', 2.00)",
                    "ALTER TABLE ddl_test.orders ALTER COLUMN gratuity TYPE numeric(12,2)",
                    "ALTER TABLE ddl_test.orders DROP COLUMN gratuity",
                    "INSERT INTO ddl_test.orders VALUES (4, 'Paid')",
                    "ALTER TABLE ddl_test.orders RENAME TO orders_v2",
                    "INSERT INTO ddl_test.orders_v2 VALUES (5, 'Paid')",
                    "CREATE TABLE ddl_test.drivers (id int PRIMARY KEY, name text)");
            // Wait for create-table: the new table joins the publication when the capture sees it.
            assertThat(capture.records(11)).hasSize(11);
            sql(postgres, "INSERT INTO ddl_test.drivers VALUES (7, 'Ann')", "DROP TABLE ddl_test.orders_v2");

            List<DmsRecord> records = parse(capture.records(13));

            assertThat(records).extracting(r -> r.metadata().operation().wireName()).containsExactly(
                    "insert", "add-column", "insert", "rename-column", "insert", "column-type-change", "drop-column",
                    "insert", "rename-table", "insert", "create-table", "insert", "drop-table");
            assertThat(records.get(2).data().toString()).isEqualTo("{\"id\":2,\"status\":\"Paid\",\"tip\":1.5}");
            assertThat(records.get(4).data().toString()).isEqualTo("{\"id\":3,\"status\":\"Paid\",\"gratuity\":2}");
            assertThat(records.get(7).data().toString()).isEqualTo("{\"id\":4,\"status\":\"Paid\"}");
            assertThat(records.get(9).metadata().tableName()).isEqualTo("orders_v2");
            assertThat(records.get(11).metadata().tableName()).isEqualTo("drivers");
            DmsRecord addColumn = records.get(1);
            assertThat(addColumn.metadata().partitionKeyType()).isEqualTo("task-id");
            assertThat(addColumn.control().at("/table-def/columns/tip/type").asText()).isEqualTo("NUMERIC");
            assertThat(addColumn.control().at("/table-def/columns/tip/precision").asInt()).isEqualTo(10);
            assertThat(addColumn.control().at("/table-def/primary-key").toString()).isEqualTo("[\"id\"]");
            assertThat(records.get(12).metadata().tableName()).isEqualTo("orders_v2");
        }
    }

    @Test
    void truncateIsNotSentAsDmsDoesNotCaptureIt(PostgresService postgres, KinesisService kinesis) throws Exception {
        sql(postgres, "CREATE SCHEMA IF NOT EXISTS truncate_test", "CREATE TABLE truncate_test.t (id int PRIMARY KEY)");
        try (CaptureRun capture = new CaptureRun(postgres, kinesis, List.of("truncate_test.t"), DmsSettings.defaults())) {
            sql(postgres, "INSERT INTO truncate_test.t VALUES (1)", "TRUNCATE truncate_test.t",
                    "INSERT INTO truncate_test.t VALUES (2)");

            List<DmsRecord> records = parse(capture.records(2));
            Thread.sleep(500);

            assertThat(parse(capture.records(2))).extracting(r -> r.data().get("id").asInt()).containsExactly(1, 2);
            assertThat(records).extracting(r -> r.metadata().operation()).containsOnly(Operation.INSERT);
        }
    }
}
