package health.pipeline.audit.store.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read access to the audit archive for verification: the signed {@code checkpoints/} and retention {@code segments/}
 * objects. On AWS the Object Lock bucket (the audit API's S3 adapter), locally and in tests the audit-archive
 * folder.
 */
public interface ArchiveReader {

    /** @return the keys of the objects whose key starts with {@code prefix}, sorted */
    List<String> keys(String prefix) throws IOException;

    /** @return the object's content, or empty when there is no such object */
    Optional<byte[]> read(String key) throws IOException;

    /** The archive as a folder: object keys are paths relative to it. */
    static ArchiveReader folder(Path dir) {
        return new ArchiveReader() {
            @Override
            public List<String> keys(String prefix) throws IOException {
                int cut = prefix.lastIndexOf('/') + 1;
                Path parent = dir.resolve(prefix.substring(0, cut));
                if (!Files.isDirectory(parent)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(parent)) {
                    return files.filter(Files::isRegularFile)
                            .map(f -> dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                            .filter(key -> key.startsWith(prefix)).sorted().toList();
                }
            }

            @Override
            public Optional<byte[]> read(String key) throws IOException {
                Path file = dir.resolve(key);
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            }
        };
    }
}
