package dev.pgflink.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build carries PostgreSQL for every platform the README says ./local-pipeline runs on, each
 * with what the capture needs: the server, initdb, pg_ctl and the pgoutput plugin.
 */
class PostgresPlatformsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"linux, x86_64, so", "linux, arm_64, so", "darwin, x86_64, dylib", "darwin, arm_64, dylib"})
    void theBuildCarriesPostgresFor(String os, String arch, String libraryExtension) throws Exception {
        // zonky's archive name for a platform (DefaultPostgresBinaryResolver).
        String archive = "postgres-" + os + "-" + arch + ".txz";
        Set<String> entries = new HashSet<>();
        try (InputStream resource = getClass().getClassLoader().getResourceAsStream(archive)) {
            assertThat(resource).as(archive + " on the classpath").isNotNull();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(resource)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    entries.add(entry.getName().replaceFirst("^\\./", ""));
                }
            }
        }
        assertThat(entries).contains("bin/postgres", "bin/initdb", "bin/pg_ctl");
        assertThat(entries).as("the pgoutput plugin").anyMatch(e -> e.endsWith("/pgoutput." + libraryExtension)
                || e.endsWith("/pgoutput.so"));
    }
}
