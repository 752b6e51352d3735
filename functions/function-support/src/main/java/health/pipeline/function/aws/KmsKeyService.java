package health.pipeline.function.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import health.pipeline.model.ports.KeyService;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/** The KeyService port on AWS KMS. */
@ApplicationScoped
public class KmsKeyService implements KeyService {
    private final KmsAsyncClient kms;

    KmsKeyService(KmsAsyncClient kms) {
        this.kms = kms;
    }

    @Override
    public CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> encryptionContext) {
        return kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(encryptionContext))
                .thenApply(r -> new DataKey(r.plaintext().asByteArray(), r.ciphertextBlob().asByteArray(), r.keyId()));
    }

    @Override
    public CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> encryptionContext) {
        return kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(encryptionContext))
                .thenApply(r -> r.plaintext().asByteArray());
    }
}
