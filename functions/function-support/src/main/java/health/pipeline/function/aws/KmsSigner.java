package health.pipeline.function.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import health.pipeline.model.ports.Signer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The Signer port on KMS: an ECC_NIST_P256 key with ECDSA_SHA_256; the private key never leaves KMS. Checkpoints
 * are small, so the message itself is sent (RAW) and KMS hashes it. The public key is fetched once per key. The audit
 * writer signs checkpoints with it; the audit API only reads the public key, to verify them (kms:GetPublicKey).
 */
@ApplicationScoped
public class KmsSigner implements Signer {
    private final KmsAsyncClient kms;
    private final Map<String, CompletionStage<byte[]>> publicKeys = new ConcurrentHashMap<>();

    public KmsSigner(KmsAsyncClient kms) {
        this.kms = kms;
    }

    @Override
    public CompletionStage<byte[]> sign(String keyId, byte[] message) {
        return kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).messageType(MessageType.RAW)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .thenApply(r -> r.signature().asByteArray());
    }

    @Override
    public CompletionStage<byte[]> publicKey(String keyId) {
        CompletionStage<byte[]> cached = publicKeys.computeIfAbsent(keyId,
                id -> kms.getPublicKey(b -> b.keyId(id)).thenApply(r -> r.publicKey().asByteArray()));
        // A failed lookup is not cached: the next checkpoint asks again.
        return cached.whenComplete((key, error) -> {
            if (error != null) {
                publicKeys.remove(keyId, cached);
            }
        });
    }
}
