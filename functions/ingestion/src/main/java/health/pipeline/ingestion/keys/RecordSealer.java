package health.pipeline.ingestion.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;

/**
 * Seals raw records in shared-model's envelope layout ({@code HPE1 | header length | header JSON | AES-256-GCM
 * ciphertext and tag}, the whole header as additional authenticated data), with data keys from a
 * {@link DataKeyCache}.
 *
 * <p>The header's {@code ctx} is always the object's own context (bucket, key, source), which the reader checks and
 * GCM authenticates. The data key's KMS encryption context depends on the {@link KeyScope}: {@code OBJECT} binds each
 * data key to the object's context (one KMS call per record; what {@link EnvelopeCipher#open} reads today);
 * {@code SOURCE} binds it to bucket and source only, recorded in the header as {@code kctx}, so one data key serves
 * many records within the cache bounds (needs {@code EnvelopeCipher.open} to decrypt the data key under {@code kctx};
 * see docs/adr/0012-data-key-caching.md).
 */
public final class RecordSealer {
    public enum KeyScope {
        OBJECT, SOURCE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MAGIC = "HPE1".getBytes(StandardCharsets.US_ASCII);

    private final DataKeyCache cache;
    private final KeyScope scope;

    public RecordSealer(DataKeyCache cache, KeyScope scope) {
        this.cache = cache;
        this.scope = scope;
    }

    public CompletionStage<byte[]> seal(String kmsKeyId, Map<String, String> objectContext, byte[] plaintext) {
        Map<String, String> keyContext = new TreeMap<>(objectContext);
        if (scope == KeyScope.SOURCE) {
            keyContext.remove("key");
        }
        return cache.dataKey(kmsKeyId, keyContext, plaintext.length).thenApply(dataKey -> {
            try {
                return seal(dataKey, keyContext, new TreeMap<>(objectContext), plaintext);
            } finally {
                dataKey.wipe();
            }
        });
    }

    static byte[] seal(KeyService.DataKey dataKey, Map<String, String> keyContext, Map<String, String> objectContext,
            byte[] plaintext) {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        ObjectNode header = JSON.createObjectNode();
        header.put("v", 1);
        header.put("alg", "AES-256-GCM");
        header.put("kmsKeyArn", dataKey.keyArn());
        header.put("edk", Base64.getEncoder().encodeToString(dataKey.ciphertext()));
        header.put("iv", Base64.getEncoder().encodeToString(iv));
        ObjectNode ctx = header.putObject("ctx");
        objectContext.forEach(ctx::put);
        if (!keyContext.equals(objectContext)) {
            ObjectNode kctx = header.putObject("kctx");
            keyContext.forEach(kctx::put);
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey.plaintext(), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(headerBytes);
            ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + headerBytes.length + plaintext.length + 16);
            out.put(MAGIC).putInt(headerBytes.length).put(headerBytes);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new EnvelopeCipher.EnvelopeException("AES-GCM encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
