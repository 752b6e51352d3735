package health.pipeline.model.audit;

import java.security.PublicKey;
import java.util.Base64;

import health.pipeline.model.crypto.DetachedSignatures;

/**
 * Checks a checkpoint's signature with the signing key's public half (as KMS GetPublicKey returns it: a DER
 * SubjectPublicKeyInfo). Needs no call to KMS, so an auditor can verify offline.
 */
public final class CheckpointSignatures {
    private CheckpointSignatures() {
    }

    public static PublicKey publicKey(byte[] subjectPublicKeyInfoDer) {
        return DetachedSignatures.publicKey(subjectPublicKeyInfoDer);
    }

    public static boolean verify(Checkpoint checkpoint, PublicKey publicKey) {
        if (checkpoint.signature() == null || !Checkpoint.ALGORITHM.equals(checkpoint.algorithm())) {
            return false;
        }
        try {
            return DetachedSignatures.verify(publicKey, checkpoint.signedBytes(),
                    Base64.getDecoder().decode(checkpoint.signature()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
