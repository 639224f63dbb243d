package dev.pgflink.lake;

import dev.pgflink.capture.catalog.TableId;
import dev.pgflink.core.lake.LakeTable;
import dev.pgflink.core.lake.LakeTableFile;
import dev.pgflink.parity.CommandLines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The catalog command: writes the table definitions file the CDK app reads for the Glue tables
 * and Athena views, from PostgreSQL's {@code information_schema}, with DMS's type mapping.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the definitions of the source tables from PostgreSQL's information_schema: primary key, "
                + "columns, each column's PostgreSQL type and the SQL type DMS's rendering maps it to. The CDK app turns "
                + "them into Glue tables and Athena views. Check the file in; run it again after a DDL change and deploy.",
                "A table without a primary key is refused: its current-state view would have no key.",
                "Exit code: 0 written, 2 could not write."})
public final class LakeCatalogMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "Every table of a schema (repeatable).")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "One table (repeatable).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--out", defaultValue = "lake-tables.json",
            description = "The definitions file (default: ${DEFAULT-VALUE}; the CDK app reads infra/lake-tables.json).")
    Path out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: a failure prints one line and exits 2. */
    public static CommandLine commandLine() {
        return CommandLines.withOneLineErrors("catalog", new LakeCatalogMain());
    }

    @Override
    public Integer call() throws Exception {
        if (schemas.isEmpty() && tables.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the tables: --schema S or --table S.T");
        }
        List<TableId> named = tables.stream().map(TableId::parse).toList();
        try (Connection connection = postgres.open()) {
            List<LakeTable> found = PostgresCatalog.tables(connection, schemas, named);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no table in schema " + String.join(", ", schemas)
                        + " (or the user holds no privilege on its tables)");
            }
            LakeTableFile.write(found, out);
            PrintWriter report = spec.commandLine().getOut();
            for (LakeTable table : found) {
                report.printf("%s: key %s, %d columns%n", table.name(), table.primaryKey(), table.columns().size());
            }
            report.printf("wrote %d table%s to %s%n", found.size(), found.size() == 1 ? "" : "s", out.toAbsolutePath());
            report.flush();
            return 0;
        }
    }
}
