package health.pipeline.ingestion.keys;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;

/**
 * Seals raw records with shared-model's {@link EnvelopeCipher}, with data keys from a {@link DataKeyCache}.
 *
 * <p>The header's {@code ctx} is always the object's own context (bucket, key, source), which the reader checks and
 * GCM authenticates. The data key's KMS encryption context depends on the {@link KeyScope}: {@code SOURCE} (the
 * default) binds it to bucket and source only, recorded in the header as {@code kctx}, so one data key serves many
 * records within the cache bounds; {@code OBJECT} binds each data key to one object (one KMS call per record).
 * See docs/adr/0012-data-key-caching.md.
 */
public final class RecordSealer {
    public enum KeyScope {
        OBJECT, SOURCE
    }

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
                return EnvelopeCipher.seal(dataKey, keyContext, objectContext, plaintext);
            } finally {
                dataKey.wipe();
            }
        });
    }
}
