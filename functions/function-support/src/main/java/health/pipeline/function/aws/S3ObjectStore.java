package health.pipeline.function.aws;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The ObjectStore port on Amazon S3. */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {
    private final S3AsyncClient s3;

    S3ObjectStore(S3AsyncClient s3) {
        this.s3 = s3;
    }

    @Override
    public CompletionStage<byte[]> get(String bucket, String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause instanceof NoSuchKeyException) {
                            throw new NotFound(bucket, key);
                        }
                        throw error instanceof CompletionException ce ? ce : new CompletionException(error);
                    }
                    return response.asByteArray();
                });
    }

    @Override
    public CompletionStage<Void> put(String bucket, String key, byte[] content, String contentType, String kmsKeyId,
            Map<String, String> metadata) {
        var request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).metadata(metadata);
        if (kmsKeyId != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId).bucketKeyEnabled(true);
        }
        return s3.putObject(request.build(), AsyncRequestBody.fromBytes(content)).thenApply(response -> null);
    }

    @Override
    public CompletionStage<Boolean> exists(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).handle((response, error) -> {
            if (error == null) {
                return true;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof S3Exception s3Error && s3Error.statusCode() == 404) {
                return false;
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(error);
        });
    }
}
