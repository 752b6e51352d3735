package health.pipeline.model.ports.memory;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import health.pipeline.model.ports.Signer;

/** A Signer fake for tests: one P-256 key pair generated in memory, whatever key id is asked for. */
public final class InMemorySigner implements Signer {
    private final KeyPair keyPair;

    public InMemorySigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is required by the Java platform", e);
        }
    }

    @Override
    public CompletionStage<byte[]> sign(String keyId, byte[] message) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keyPair.getPrivate());
            ecdsa.update(message);
            return CompletableFuture.completedFuture(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<byte[]> publicKey(String keyId) {
        return CompletableFuture.completedFuture(keyPair.getPublic().getEncoded());
    }
}
