package dev.pgflink.infra;

import static dev.pgflink.infra.InfraSettings.PREFIX;
import static dev.pgflink.infra.InfraSettings.require;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The Glue catalog of the lake: the table definitions file the catalog command wrote
 * ({@code pgflink:lakeTables}), the Glue database ({@code pgflink:glueDatabase}) and the first day
 * the Glue tables' partition projection covers ({@code pgflink:lakeSince}).
 */
public record LakeCatalogSettings(Path tablesFile, String database, LocalDate since) {
    public LakeCatalogSettings {
        // Glue keeps database names in lower case; Athena reads letters, digits and underscores only.
        require(database.matches("[a-z0-9_]{1,255}"), PREFIX + "glueDatabase must be lower-case letters, "
                + "digits and underscores, was '" + database + "'");
        require(Files.isRegularFile(tablesFile), PREFIX + "lakeTables: no file at " + tablesFile.toAbsolutePath()
                + " — write it with the catalog command (docs/lake.md, \"Athena\") or point " + PREFIX
                + "lakeTables at it");
    }
}
