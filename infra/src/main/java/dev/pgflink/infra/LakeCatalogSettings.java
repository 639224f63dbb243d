package dev.pgflink.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The Glue catalog of the lake: the table definitions file the catalog command wrote
 * ({@code pgflink:lakeTables}), the Glue database ({@code pgflink:glueDatabase}) and the first day
 * the Glue tables' partition projection covers ({@code pgflink:lakeSince}).
 */
public record LakeCatalogSettings(Path tablesFile, String database, LocalDate since) {
    public LakeCatalogSettings {
        // Glue keeps database names in lower case; Athena reads letters, digits and underscores only.
        require(database.matches("[a-z0-9_]{1,255}"), InfraSettings.PREFIX + "glueDatabase must be lower-case letters, "
                + "digits and underscores, was '" + database + "'");
        require(Files.isRegularFile(tablesFile), InfraSettings.PREFIX + "lakeTables: no file at " + tablesFile.toAbsolutePath()
                + " — write it with the catalog command (docs/lake.md, \"Athena\") or point " + InfraSettings.PREFIX
                + "lakeTables at it");
    }

    static LocalDate parseSince(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(InfraSettings.PREFIX + "lakeSince must be a date such as 2026-01-01, was '"
                    + value + "'");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
