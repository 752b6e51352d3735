package health.pipeline.model.ports;

import java.util.concurrent.CompletionStage;

/**
 * Asymmetric signing with a key whose private half never leaves the key service (KMS Sign with an ECC_NIST_P256
 * key and ECDSA_SHA_256 on AWS).
 */
public interface Signer {

    /** @return the DER-encoded ECDSA signature of {@code message} (the service hashes it with SHA-256) */
    CompletionStage<byte[]> sign(String keyId, byte[] message);

    /** @return the public key as a DER SubjectPublicKeyInfo, for verifiers */
    CompletionStage<byte[]> publicKey(String keyId);
}
