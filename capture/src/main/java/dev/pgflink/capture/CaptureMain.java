package dev.pgflink.capture;

import dev.pgflink.capture.render.DmsSettings;
import dev.pgflink.capture.render.DmsSettings.BeforeImage;
import dev.pgflink.capture.render.DmsSettings.ColumnFilter;
import dev.pgflink.capture.render.DmsSettings.PartitionKeyType;
import dev.pgflink.core.dms.MessageFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The capture's command line: {@code --help} lists every option with its default. */
@Command(name = "pgflink-capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Streams PostgreSQL changes (logical replication, pgoutput) to a Kinesis stream as AWS DMS "
                + "records. Stops cleanly on Ctrl-C / SIGTERM.")
public final class CaptureMain implements Callable<Integer> {
    @Option(names = "--jdbc-url", required = true, description = "e.g. jdbc:postgresql://127.0.0.1:5432/postgres")
    String jdbcUrl;
    @Option(names = "--user", defaultValue = CaptureOptions.DEFAULT_USER, description = "a superuser or a role WITH REPLICATION (default: ${DEFAULT-VALUE})")
    String user;
    @Option(names = "--password", description = "or the PGPASSWORD environment variable")
    String password;
    @Option(names = "--slot", defaultValue = CaptureOptions.DEFAULT_SLOT, description = "logical replication slot, created if absent (default: ${DEFAULT-VALUE})")
    String slot;
    @Option(names = "--publication", defaultValue = CaptureOptions.DEFAULT_PUBLICATION, description = "publication, created or updated (default: ${DEFAULT-VALUE})")
    String publication;
    @Option(names = "--include", split = ",", description = "schema.table patterns to capture, %% or * as wildcards (default: %%.%%)")
    List<String> include = new ArrayList<>();
    @Option(names = "--exclude", split = ",", description = "schema.table patterns to leave out")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--full-load", description = "load the selected tables first, from the new slot's snapshot (DMS full-load-and-cdc)")
    boolean fullLoad;

    @Option(names = "--stream", required = true, description = "Kinesis stream name")
    String stream;
    @Option(names = "--region", defaultValue = CaptureOptions.DEFAULT_REGION, description = "(default: ${DEFAULT-VALUE})")
    String region;
    @Option(names = "--kinesis-endpoint", description = "Kinesis API endpoint, for local emulators")
    URI kinesisEndpoint;
    @Option(names = "--access-key", description = "static credentials, for local emulators (default: AWS credential chain)")
    String accessKey;
    @Option(names = "--secret-key")
    String secretKey;

    @Option(names = "--message-format", defaultValue = "json", description = "DMS MessageFormat: json or json-unformatted (default: ${DEFAULT-VALUE})")
    String messageFormat;
    @Option(names = "--include-transaction-details", description = "DMS IncludeTransactionDetails")
    boolean includeTransactionDetails;
    @Option(names = "--include-null-and-empty", description = "DMS IncludeNullAndEmpty")
    boolean includeNullAndEmpty;
    @Option(names = "--partition-key-type", defaultValue = "schema-table", description = "schema-table or primary-key (default: ${DEFAULT-VALUE})")
    String partitionKeyType;
    @Option(names = "--include-partition-value", description = "DMS IncludePartitionValue")
    boolean includePartitionValue;
    @Option(names = "--partition-include-schema-table", description = "DMS PartitionIncludeSchemaTable")
    boolean partitionIncludeSchemaTable;
    @Option(names = "--include-table-alter-operations", description = "DMS IncludeTableAlterOperations: DDL as control records (installs an event trigger; needs a superuser)")
    boolean includeTableAlterOperations;
    @Option(names = "--include-control-details", description = "DMS IncludeControlDetails: the table definition in control records")
    boolean includeControlDetails;
    @Option(names = "--no-hex-prefix", description = "DMS NoHexPrefix")
    boolean noHexPrefix;
    @Option(names = "--before-image", description = "enable DMS BeforeImageSettings with this ColumnFilter: pk-only, non-lob or all")
    String beforeImage;
    @Option(names = "--before-image-field", defaultValue = "before-image", description = "BeforeImageSettings FieldName (default: ${DEFAULT-VALUE})")
    String beforeImageField;

    @Option(names = "--flush-interval-ms", defaultValue = "" + CaptureOptions.DEFAULT_FLUSH_INTERVAL_MS,
            description = "longest a change waits before PutRecords (default: ${DEFAULT-VALUE})")
    long flushIntervalMillis;
    @Option(names = "--progress-interval-s", defaultValue = "" + CaptureOptions.DEFAULT_PROGRESS_INTERVAL_S,
            description = "progress line period (default: ${DEFAULT-VALUE})")
    long progressSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CaptureMain()).execute(args));
    }

    CaptureOptions options() {
        DmsSettings dms = DmsSettings.defaults()
                .withMessageFormat(MessageFormat.fromSettingValue(messageFormat))
                .withTransactionDetails(includeTransactionDetails)
                .withNullAndEmpty(includeNullAndEmpty)
                .withNoHexPrefix(noHexPrefix)
                .withTableAlterOperations(includeTableAlterOperations, includeControlDetails)
                .withPartitionKey(PartitionKeyType.valueOf(partitionKeyType.toUpperCase(Locale.ROOT).replace('-', '_')),
                        includePartitionValue, partitionIncludeSchemaTable);
        if (beforeImage != null) {
            dms = dms.withBeforeImage(new BeforeImage(beforeImageField,
                    ColumnFilter.valueOf(beforeImage.toUpperCase(Locale.ROOT).replace('-', '_'))));
        }
        String pass = password != null ? password : System.getenv("PGPASSWORD");
        return CaptureOptions.builder()
                .jdbcUrl(jdbcUrl).user(user).password(pass)
                .slot(slot).publication(publication)
                .stream(stream).region(region).kinesisEndpoint(kinesisEndpoint).credentials(accessKey, secretKey)
                .tables(new TableSelection(include, exclude)).fullLoad(fullLoad).dms(dms)
                .flushInterval(Duration.ofMillis(flushIntervalMillis)).progressInterval(Duration.ofSeconds(progressSeconds))
                .build();
    }

    @Override
    public Integer call() throws Exception {
        CaptureRunner runner = new CaptureRunner(options());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!runner.stop(15, TimeUnit.SECONDS)) {
                    System.err.println("capture did not stop within 15 s; unacknowledged changes will be sent again");
                }
            } catch (InterruptedException e) {
                main.interrupt();
            }
        }, "capture-shutdown"));
        try {
            runner.run();
            return 0;
        } catch (IllegalStateException | java.sql.SQLException e) {
            System.err.println("pgflink-capture: " + e.getMessage());
            return 2;
        }
    }
}
