package health.pipeline.ingestion.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import health.pipeline.model.ports.KeyService;

/**
 * Data keys cached per function instance, bounded like the AWS Encryption SDK's caching materials manager: an entry
 * is used for at most {@code maxAge}, {@code maxMessages} encryptions and {@code maxBytes} plaintext bytes, then
 * wiped and replaced. Entries are per KMS key and encryption context (a data key is only ever reused under the
 * context KMS bound it to). Callers receive a copy of the plaintext key, which they wipe after use; the cached copy
 * is wiped on eviction and on {@link #close()}.
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

    private final KeyService keys;
    private final Bounds bounds;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long kmsCalls;

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

    /** True when no plaintext key is held any more (after {@link #close()}). */
    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Test hook: the plaintext bytes the cache holds, to prove they are wiped. */
    synchronized byte[][] heldPlaintexts() {
        return entries.values().stream().map(e -> e.key.plaintext()).toArray(byte[][]::new);
    }

    @Override
    public synchronized void close() {
        for (String cacheKey : entries.keySet().toArray(String[]::new)) {
            evict(cacheKey);
        }
    }

    static boolean isWiped(byte[] bytes) {
        byte[] zeros = new byte[bytes.length];
        return Arrays.equals(bytes, zeros);
    }
}
