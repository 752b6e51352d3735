package health.pipeline.model.ports;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** A key management service (KMS). Encryption contexts are bound to ciphertexts and must match on decrypt. */
public interface KeyService {

    CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> encryptionContext);

    CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> encryptionContext);

    /**
     * A fresh 256-bit data key. {@link #wipe()} overwrites the plaintext once it has been used.
     *
     * @param keyArn the full ARN of the KMS key that protects it
     */
    record DataKey(byte[] plaintext, byte[] ciphertext, String keyArn) {
        public void wipe() {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }
}
