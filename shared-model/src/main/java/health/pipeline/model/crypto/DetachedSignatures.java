package health.pipeline.model.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * ECDSA P-256 / SHA-256 signatures as the {@link health.pipeline.model.ports.Signer} port makes them (KMS Sign with
 * ECDSA_SHA_256: DER-encoded), checked with the key's public half (a DER SubjectPublicKeyInfo, as KMS GetPublicKey
 * returns it) without calling KMS. A signed object's signature is stored beside it as {@code <key>.sig}.
 */
public final class DetachedSignatures {
    public static final String SUFFIX = ".sig";

    private DetachedSignatures() {
    }

    /** Where the detached signature of the object at {@code objectKey} (or path) is stored. */
    public static String signatureKey(String objectKey) {
        return objectKey + SUFFIX;
    }

    public static PublicKey publicKey(byte[] subjectPublicKeyInfoDer) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfoDer));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key (DER SubjectPublicKeyInfo)", e);
        }
    }

    /** @return true only when {@code signature} is this key's signature of exactly {@code message} */
    public static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(publicKey);
            ecdsa.update(message);
            return ecdsa.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
