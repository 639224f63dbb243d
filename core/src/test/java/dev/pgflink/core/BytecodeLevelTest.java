package dev.pgflink.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Managed Flink 1.x runs Java 11, and the job jar carries this module: a class built for a newer
 * Java fails there at start-up with UnsupportedClassVersionError.
 */
class BytecodeLevelTest {
    private static final int JAVA_11_MAJOR = 55;

    static int majorVersion(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        return in.readUnsignedShort();
    }

    @Test
    void everyMainClassIsJava11Bytecode() throws IOException {
        Path classes = Paths.get("target", "classes");
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(classFiles).isNotEmpty();
        for (Path classFile : classFiles) {
            try (InputStream in = Files.newInputStream(classFile)) {
                assertThat(majorVersion(in)).as(classFile.toString()).isLessThanOrEqualTo(JAVA_11_MAJOR);
            }
        }
    }
}
