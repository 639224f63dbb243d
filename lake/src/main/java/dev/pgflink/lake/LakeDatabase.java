package dev.pgflink.lake;

import dev.pgflink.core.lake.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * An embedded DuckDB database in a work directory, configured so that it never downloads an
 * extension, stays within its memory limit (spilling to the work directory) and streams results
 * to the JVM instead of handing it whole result sets.
 */
public final class LakeDatabase implements AutoCloseable {
    private final Path file;
    private final DuckDBConnection connection;
    private final List<Path> scratchDirectories = new ArrayList<>();

    private LakeDatabase(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** A new, empty database file under {@code workDirectory}; {@code memoryLimit} as DuckDB writes it, e.g. {@code 1GB}. */
    public static LakeDatabase create(Path workDirectory, String memoryLimit, int threads) throws IOException, SQLException {
        Files.createDirectories(workDirectory);
        Path file = Files.createTempFile(workDirectory, "state-", ".duckdb");
        Files.delete(file);
        Properties properties = new Properties();
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
        try (Statement st = connection.createStatement()) {
            // Nothing may be fetched from the network: the extensions this needs (JSON) are built in.
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            st.execute("SET memory_limit = " + SqlText.literal(memoryLimit));
            st.execute("SET threads = " + Math.max(1, threads));
            st.execute("SET preserve_insertion_order = false");
            st.execute("SET temp_directory = "
                    + SqlText.literal(workDirectory.resolve(file.getFileName() + ".tmp").toString()));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new LakeDatabase(file, connection);
    }

    /** The database's main connection: for statements, not while a streamed result is open on it. */
    public Connection connection() {
        return connection;
    }

    /** Another connection to the same database (a streamed result holds its connection). */
    public DuckDBConnection duplicate() throws SQLException {
        return (DuckDBConnection) connection.duplicate();
    }

    /** A new file beside the database, for data on its way in; the caller deletes it. */
    public Path scratchFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(file.getParent(), prefix, suffix);
    }

    /** A new directory beside the database, for data on its way in; deleted with the database. */
    public Path scratchDirectory(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(file.getParent(), prefix);
        scratchDirectories.add(directory);
        return directory;
    }

    public void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** Closes the database and deletes its files and scratch directories. */
    @Override
    public void close() throws IOException, SQLException {
        connection.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        deleteTree(file.resolveSibling(file.getFileName() + ".tmp"));
        for (Path directory : scratchDirectories) {
            deleteTree(directory);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
