package health.pipeline.ingestion.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

import health.pipeline.ingestion.intake.ObjectSource;
import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams a landed object from S3: the response body is pulled as it is read, never buffered whole. Reads the
 * version the notification named (GetObject with versionId; the role holds s3:GetObjectVersion), so a file
 * overwritten before it is ingested is read as each of its versions, not twice as the newest (docs/adr/0071).
 */
final class S3ObjectSource implements ObjectSource {
    private final S3AsyncClient s3;

    S3ObjectSource(S3AsyncClient s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId),
                    AsyncResponseTransformer.toBlockingInputStream()).join();
        } catch (CompletionException e) {
            // A deleted version is NoSuchVersion, which the SDK models as a plain S3Exception with status 404.
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof S3Exception s3Error && s3Error.statusCode() == 404) {
                throw new ObjectStore.NotFound(bucket, key);
            }
            throw new IOException("S3 GetObject failed (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }
}
