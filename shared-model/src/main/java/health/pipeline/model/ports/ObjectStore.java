package health.pipeline.model.ports;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Object storage (S3 on AWS, S3Proxy locally). */
public interface ObjectStore {

    CompletionStage<byte[]> get(String bucket, String key);

    /**
     * Writes an object.
     *
     * @param kmsKeyId when not null, server-side encryption with this KMS key is requested (SSE-KMS)
     */
    CompletionStage<Void> put(String bucket, String key, byte[] content, String contentType, String kmsKeyId,
            Map<String, String> metadata);

    CompletionStage<Boolean> exists(String bucket, String key);

    /** Thrown (as the cause of a failed stage) when an object does not exist. */
    final class NotFound extends RuntimeException {
        public NotFound(String bucket, String key) {
            super("object not found: s3://" + bucket + "/" + key);
        }
    }
}
