package health.pipeline.model.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.ports.KeyService;

/**
 * Envelope encryption: each object is encrypted with AES-256-GCM under a fresh KMS data key; the data key travels
 * KMS-encrypted in the object's header, bound to an encryption context (bucket, key, source) that KMS checks on
 * decrypt. The whole header is the GCM additional authenticated data, so no header field can be altered either.
 *
 * <p>Layout: {@code "HPE1" | header length (4 bytes, big endian) | header JSON (UTF-8) | ciphertext and 16-byte tag}.
 */
public final class EnvelopeCipher {
    static final byte[] MAGIC = "HPE1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyService keys;

    public EnvelopeCipher(KeyService keys) {
        this.keys = keys;
    }

    /** Encrypts {@code plaintext} under a new data key from {@code kmsKeyId}, bound to {@code context}. */
    public CompletionStage<byte[]> seal(String kmsKeyId, Map<String, String> context, byte[] plaintext) {
        Map<String, String> canonical = new TreeMap<>(context);
        return keys.generateDataKey(kmsKeyId, canonical).thenApply(dataKey -> {
            try {
                return seal(dataKey, canonical, plaintext);
            } finally {
                dataKey.wipe();
            }
        });
    }

    static byte[] seal(KeyService.DataKey dataKey, Map<String, String> context, byte[] plaintext) {
        return seal(dataKey, context, context, plaintext);
    }

    /**
     * Seals with a data key whose KMS encryption context ({@code keyContext}) may be narrower than the object's own
     * context ({@code objectContext}): a cached data key bound to bucket and source serves many objects, each still
     * bound to its own key by the header (authenticated by GCM) and checked on {@link #open}. {@code keyContext} must
     * be a subset of {@code objectContext}; it is recorded as {@code kctx} when it differs.
     */
    public static byte[] seal(KeyService.DataKey dataKey, Map<String, String> keyContext,
            Map<String, String> objectContext, byte[] plaintext) {
        requireSubset(keyContext, objectContext);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        ObjectNode header = JSON.createObjectNode();
        header.put("v", 1);
        header.put("alg", "AES-256-GCM");
        header.put("kmsKeyArn", dataKey.keyArn());
        header.put("edk", Base64.getEncoder().encodeToString(dataKey.ciphertext()));
        header.put("iv", Base64.getEncoder().encodeToString(iv));
        ObjectNode ctx = header.putObject("ctx");
        new TreeMap<>(objectContext).forEach(ctx::put);
        if (!new TreeMap<>(keyContext).equals(new TreeMap<>(objectContext))) {
            ObjectNode kctx = header.putObject("kctx");
            new TreeMap<>(keyContext).forEach(kctx::put);
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = aesGcm(Cipher.ENCRYPT_MODE, dataKey.plaintext(), iv, headerBytes, plaintext);
        return ByteBuffer.allocate(MAGIC.length + 4 + headerBytes.length + body.length)
                .put(MAGIC).putInt(headerBytes.length).put(headerBytes).put(body).array();
    }

    /**
     * Decrypts an object sealed by {@link #seal}. Fails if the object's encryption context is not exactly
     * {@code expectedContext} (an object copied to another bucket or key does not decrypt), if KMS refuses the data
     * key, or if any byte was changed.
     */
    public CompletionStage<byte[]> open(byte[] sealed, Map<String, String> expectedContext) {
        Header header = Header.parse(sealed);
        if (!header.context().equals(new TreeMap<>(expectedContext))) {
            throw new EnvelopeException("encryption context of the object does not match where it is stored");
        }
        requireSubset(header.keyContext(), header.context());
        return keys.decrypt(header.encryptedDataKey(), header.keyContext()).thenApply(plainKey -> {
            try {
                return aesGcm(Cipher.DECRYPT_MODE, plainKey, header.iv(), header.bytes(),
                        Arrays.copyOfRange(sealed, header.bodyOffset(), sealed.length));
            } finally {
                Arrays.fill(plainKey, (byte) 0);
            }
        });
    }

    private static void requireSubset(Map<String, String> keyContext, Map<String, String> objectContext) {
        for (Map.Entry<String, String> entry : keyContext.entrySet()) {
            if (!entry.getValue().equals(objectContext.get(entry.getKey()))) {
                throw new EnvelopeException("the data key's encryption context is not part of the object's context");
            }
        }
    }

    /** True when {@code bytes} start like an envelope produced here. */
    public static boolean isSealed(byte[] bytes) {
        return bytes.length > MAGIC.length + 4 && Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC);
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // The message is fixed on purpose: nothing of the content may reach logs.
            throw new EnvelopeException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The parsed, authenticated-on-decrypt header of a sealed object.
     *
     * @param context    the object's own encryption context
     * @param keyContext the KMS encryption context of its data key: the object's, or a subset of it for a cached key
     */
    public record Header(byte[] bytes, String kmsKeyArn, byte[] encryptedDataKey, byte[] iv,
            Map<String, String> context, Map<String, String> keyContext, int bodyOffset) {

        public static Header parse(byte[] sealed) {
            if (!isSealed(sealed)) {
                throw new EnvelopeException("not an envelope-encrypted object");
            }
            ByteBuffer buffer = ByteBuffer.wrap(sealed, MAGIC.length, 4);
            int length = buffer.getInt();
            if (length <= 0 || MAGIC.length + 4 + length > sealed.length) {
                throw new EnvelopeException("envelope header length is invalid");
            }
            byte[] headerBytes = Arrays.copyOfRange(sealed, MAGIC.length + 4, MAGIC.length + 4 + length);
            try {
                var node = JSON.readTree(headerBytes);
                Map<String, String> ctx = new TreeMap<>();
                node.path("ctx").fields().forEachRemaining(e -> ctx.put(e.getKey(), e.getValue().asText()));
                Map<String, String> kctx = new TreeMap<>();
                node.path(node.has("kctx") ? "kctx" : "ctx").fields()
                        .forEachRemaining(e -> kctx.put(e.getKey(), e.getValue().asText()));
                return new Header(headerBytes, node.path("kmsKeyArn").asText(),
                        Base64.getDecoder().decode(node.path("edk").asText()),
                        Base64.getDecoder().decode(node.path("iv").asText()), ctx, kctx, MAGIC.length + 4 + length);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new EnvelopeException("envelope header is not readable");
            }
        }
    }

    public static final class EnvelopeException extends RuntimeException {
        public EnvelopeException(String message) {
            super(message);
        }
    }
}
