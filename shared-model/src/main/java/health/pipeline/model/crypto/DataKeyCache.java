package health.pipeline.model.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import health.pipeline.model.ports.KeyService;

/**
 * Data keys cached, bounded like the AWS Encryption SDK's caching materials manager: an entry is used for at most
 * {@code maxAge}, {@code maxMessages} uses and {@code maxBytes} plaintext bytes, then wiped and replaced; at most
 * {@code maxEntries} of each kind are held. Two kinds of entry, each with its own KMS call:
 * <ul>
 * <li>{@link #dataKey} (GenerateDataKey, for sealing): per KMS key and encryption context (a data key is only ever
 * reused under the context KMS bound it to). Ingestion holds one cache per function instance.</li>
 * <li>{@link #decrypt} (Decrypt, for opening): per encrypted data key and encryption context, so the records one
 * ingestion sealed under one data key cost one Decrypt; concurrent requests for the same key share one call. The
 * deidentification function holds one cache per invocation.</li>
 * </ul>
 * Callers receive a copy of the plaintext key, which they wipe after use; the cached copy is wiped on eviction and on
 * {@link #close()}. See docs/adr/0012-data-key-caching.md and 0080.
 */
public final class DataKeyCache implements AutoCloseable {

    /** Bounds of reuse. */
    public record Bounds(Duration maxAge, long maxMessages, long maxBytes, int maxEntries) {
        public static Bounds defaults() {
            return new Bounds(Duration.ofMinutes(5), 10_000, 1L << 30, 16);
        }
    }

    private static final class Entry {
        final KeyService.DataKey key;
        final Instant created;
        long messages;
        long bytes;

        Entry(KeyService.DataKey key, Instant created) {
            this.key = key;
            this.created = created;
        }
    }

    /** A decrypted data key, or the one KMS call that will produce it, and the copies handed out from it. */
    private static final class Decrypted {
        final CompletableFuture<byte[]> plaintext;
        final Instant created;
        final List<CompletableFuture<byte[]>> handedOut = new ArrayList<>();
        long uses;

        Decrypted(CompletableFuture<byte[]> plaintext, Instant created) {
            this.plaintext = plaintext;
            this.created = created;
        }
    }

    private final KeyService keys;
    private final Bounds bounds;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Decrypted> decrypted = new LinkedHashMap<>(16, 0.75f, true);
    private long kmsCalls;
    private long kmsDecryptCalls;

    public DataKeyCache(KeyService keys, Bounds bounds, Clock clock) {
        this.keys = keys;
        this.bounds = bounds;
        this.clock = clock;
    }

    /**
     * A data key for encrypting {@code plaintextBytes} under {@code kmsKeyId} and {@code context}: a cached one while
     * within bounds, else a new one from KMS (a failure of KMS fails the stage; nothing is cached then).
     */
    public CompletionStage<KeyService.DataKey> dataKey(String kmsKeyId, Map<String, String> context,
            long plaintextBytes) {
        String cacheKey = kmsKeyId + "|" + new TreeMap<>(context);
        synchronized (this) {
            Entry entry = entries.get(cacheKey);
            if (entry != null && !usable(entry, plaintextBytes)) {
                evict(cacheKey);
                entry = null;
            }
            if (entry != null) {
                entry.messages++;
                entry.bytes += plaintextBytes;
                return CompletableFuture.completedFuture(copy(entry.key));
            }
        }
        return keys.generateDataKey(kmsKeyId, new TreeMap<>(context)).thenApply(fresh -> {
            synchronized (this) {
                kmsCalls++;
                if (plaintextBytes > bounds.maxBytes() || bounds.maxMessages() <= 1) {
                    return fresh; // Never reusable: hand it over uncached (the caller wipes it).
                }
                Entry entry = new Entry(copy(fresh), clock.instant());
                entry.messages = 1;
                entry.bytes = plaintextBytes;
                evict(cacheKey);
                entries.put(cacheKey, entry);
                while (entries.size() > bounds.maxEntries()) {
                    evict(entries.keySet().iterator().next());
                }
                return fresh;
            }
        });
    }

    /**
     * The plaintext of the data key {@code ciphertext} encrypted under {@code context}: a cached copy while within the
     * age and use bounds, else one KMS Decrypt shared by every concurrent caller. A failed Decrypt is not cached (the
     * next caller asks KMS again) and fails every caller that waited for it.
     */
    public CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> context) {
        String cacheKey = Base64.getEncoder().encodeToString(ciphertext) + "|" + new TreeMap<>(context);
        synchronized (this) {
            Decrypted entry = decrypted.get(cacheKey);
            if (entry != null && (entry.plaintext.isCompletedExceptionally() || !usable(entry))) {
                evictDecrypted(cacheKey);
                entry = null;
            }
            if (entry == null) {
                kmsDecryptCalls++;
                CompletableFuture<byte[]> call = keys.decrypt(ciphertext, new TreeMap<>(context)).toCompletableFuture();
                entry = new Decrypted(call, clock.instant());
                decrypted.put(cacheKey, entry);
                while (decrypted.size() > bounds.maxEntries()) {
                    evictDecrypted(decrypted.keySet().iterator().next());
                }
                Decrypted created = entry;
                call.whenComplete((plain, error) -> {
                    if (error != null) {
                        synchronized (this) {
                            decrypted.remove(cacheKey, created);
                        }
                    }
                });
            }
            entry.uses++;
            CompletableFuture<byte[]> copy = entry.plaintext.thenApply(byte[]::clone);
            entry.handedOut.add(copy);
            return copy;
        }
    }

    private boolean usable(Decrypted entry) {
        return Duration.between(entry.created, clock.instant()).compareTo(bounds.maxAge()) < 0
                && entry.uses < bounds.maxMessages();
    }

    /** Wipes the cached plaintext, once every copy already promised has been made. */
    private void evictDecrypted(String cacheKey) {
        Decrypted removed = decrypted.remove(cacheKey);
        if (removed != null) {
            CompletableFuture.allOf(removed.handedOut.toArray(CompletableFuture[]::new))
                    .handle((ignored, error) -> removed.plaintext.thenAccept(plain -> Arrays.fill(plain, (byte) 0)));
        }
    }

    private boolean usable(Entry entry, long plaintextBytes) {
        return Duration.between(entry.created, clock.instant()).compareTo(bounds.maxAge()) < 0
                && entry.messages < bounds.maxMessages() && entry.bytes + plaintextBytes <= bounds.maxBytes();
    }

    private void evict(String cacheKey) {
        Entry removed = entries.remove(cacheKey);
        if (removed != null) {
            removed.key.wipe();
        }
    }

    private static KeyService.DataKey copy(KeyService.DataKey key) {
        return new KeyService.DataKey(key.plaintext().clone(), key.ciphertext(), key.keyArn());
    }

    /** How many data keys were requested from KMS. */
    public synchronized long kmsCalls() {
        return kmsCalls;
    }

    /** How many data keys were sent to KMS to be decrypted. */
    public synchronized long kmsDecryptCalls() {
        return kmsDecryptCalls;
    }

    /** True when no plaintext key is held any more (after {@link #close()}). */
    public synchronized boolean isEmpty() {
        return entries.isEmpty() && decrypted.isEmpty();
    }

    /** Test hook: the plaintext bytes the cache holds, to prove they are wiped. */
    public synchronized byte[][] heldPlaintexts() {
        List<byte[]> held = new ArrayList<>();
        entries.values().forEach(e -> held.add(e.key.plaintext()));
        decrypted.values().stream().filter(d -> d.plaintext.isDone() && !d.plaintext.isCompletedExceptionally())
                .forEach(d -> held.add(d.plaintext.join()));
        return held.toArray(byte[][]::new);
    }

    /**
     * A KeyService whose Decrypt goes through this cache; GenerateDataKey passes through uncached. Hand it to an
     * {@link EnvelopeCipher} that opens many objects sealed under one data key.
     */
    public KeyService decryptingThroughCache() {
        DataKeyCache cache = this;
        return new KeyService() {
            @Override
            public CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> encryptionContext) {
                return keys.generateDataKey(keyId, encryptionContext);
            }

            @Override
            public CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> encryptionContext) {
                return cache.decrypt(ciphertext, encryptionContext);
            }
        };
    }

    @Override
    public synchronized void close() {
        for (String cacheKey : entries.keySet().toArray(String[]::new)) {
            evict(cacheKey);
        }
        for (String cacheKey : decrypted.keySet().toArray(String[]::new)) {
            evictDecrypted(cacheKey);
        }
    }

    public static boolean isWiped(byte[] bytes) {
        byte[] zeros = new byte[bytes.length];
        return Arrays.equals(bytes, zeros);
    }
}
