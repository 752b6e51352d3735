package health.pipeline.ingestion.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

import health.pipeline.ingestion.intake.ObjectSource;
import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Streams a landed object from S3: the response body is pulled as it is read, never buffered whole. */
final class S3ObjectSource implements ObjectSource {
    private final S3AsyncClient s3;

    S3ObjectSource(S3AsyncClient s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBlockingInputStream())
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new ObjectStore.NotFound(bucket, key);
            }
            throw new IOException("S3 GetObject failed (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }
}
