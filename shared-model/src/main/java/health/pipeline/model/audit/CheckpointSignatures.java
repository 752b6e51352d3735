package health.pipeline.model.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks a checkpoint's signature with the signing key's public half (as KMS GetPublicKey returns it: a DER
 * SubjectPublicKeyInfo). Needs no call to KMS, so an auditor can verify offline.
 */
public final class CheckpointSignatures {
    private CheckpointSignatures() {
    }

    public static PublicKey publicKey(byte[] subjectPublicKeyInfoDer) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfoDer));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key (DER SubjectPublicKeyInfo)", e);
        }
    }

    public static boolean verify(Checkpoint checkpoint, PublicKey publicKey) {
        if (checkpoint.signature() == null || !Checkpoint.ALGORITHM.equals(checkpoint.algorithm())) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(publicKey);
            ecdsa.update(checkpoint.signedBytes());
            return ecdsa.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
