package health.pipeline.model.ports.memory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import health.pipeline.model.ports.KeyService;

/** A KeyService fake for unit tests of function cores: one master key, encryption context bound as AAD. */
public final class InMemoryKeyService implements KeyService {
    private final SecureRandom random = new SecureRandom();
    private final byte[] master = new byte[32];
    private volatile boolean available = true;
    private final java.util.concurrent.atomic.AtomicLong decryptCalls = new java.util.concurrent.atomic.AtomicLong();

    public InMemoryKeyService() {
        random.nextBytes(master);
    }

    /** Simulates a KMS outage: every call fails until made available again. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    @Override
    public CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> context) {
        if (!available) {
            return CompletableFuture.failedFuture(new IllegalStateException("key service unavailable"));
        }
        byte[] plaintext = new byte[32];
        random.nextBytes(plaintext);
        return CompletableFuture.completedFuture(
                new DataKey(plaintext, crypt(Cipher.ENCRYPT_MODE, plaintext, context), "arn:memory:key/" + keyId));
    }

    @Override
    public CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> context) {
        decryptCalls.incrementAndGet();
        if (!available) {
            return CompletableFuture.failedFuture(new IllegalStateException("key service unavailable"));
        }
        try {
            return CompletableFuture.completedFuture(crypt(Cipher.DECRYPT_MODE, ciphertext, context));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** How many Decrypt calls reached this key service, failed ones included (what CloudTrail would count). */
    public long decryptCalls() {
        return decryptCalls.get();
    }

    private byte[] crypt(int mode, byte[] input, Map<String, String> context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] iv;
            byte[] body;
            if (mode == Cipher.ENCRYPT_MODE) {
                iv = new byte[12];
                random.nextBytes(iv);
                body = input;
            } else {
                iv = Arrays.copyOf(input, 12);
                body = Arrays.copyOfRange(input, 12, input.length);
            }
            cipher.init(mode, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8));
            byte[] out = cipher.doFinal(body);
            return mode == Cipher.ENCRYPT_MODE ? ByteBuffer.allocate(12 + out.length).put(iv).put(out).array() : out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid ciphertext or encryption context");
        }
    }
}
