package health.pipeline.audit.api.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The audit archive (the Object Lock bucket) as the verifier reads it: keys by ListObjectsV2, content through the
 * ObjectStore port. The audit API's role may list and read the {@code checkpoints/} and {@code segments/} prefixes
 * only.
 */
final class S3ArchiveReader implements ArchiveReader {
    private final S3AsyncClient s3;
    private final ObjectStore objects;
    private final String bucket;

    S3ArchiveReader(S3AsyncClient s3, ObjectStore objects, String bucket) {
        this.s3 = s3;
        this.objects = objects;
        this.bucket = bucket;
    }

    @Override
    public List<String> keys(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .subscribe(page -> page.contents().stream().map(S3Object::key).forEach(keys::add)).join();
        } catch (CompletionException e) {
            throw new IOException("the audit archive could not be listed", e.getCause());
        }
        return keys.stream().sorted().toList();
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(objects.get(bucket, key).toCompletableFuture().join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof ObjectStore.NotFound) {
                return Optional.empty();
            }
            throw new IOException("the audit archive could not be read", e.getCause());
        }
    }
}
