package health.pipeline.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.memory.InMemoryKeyService;

class DataKeyCacheTest {
    private static final Map<String, String> CONTEXT = Map.of("bucket", "raw", "source", "ward7");

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldCallKmsOncePerMessageBound_whenManyRecordsShareAContext() {
        var cache = new DataKeyCache(new InMemoryKeyService(), new DataKeyCache.Bounds(Duration.ofMinutes(5), 100,
                1 << 30, 4), Clock.systemUTC());
        for (int i = 0; i < 250; i++) {
            cache.dataKey("k", CONTEXT, 1000).toCompletableFuture().join().wipe();
        }
        assertThat(cache.kmsCalls()).isEqualTo(3);
    }

    @Test
    void shouldRenewTheKey_whenItIsTooOldOrHasEncryptedTooManyBytes() {
        var clock = new MovableClock();
        var cache = new DataKeyCache(new InMemoryKeyService(), new DataKeyCache.Bounds(Duration.ofMinutes(5), 1000,
                10_000, 4), clock);
        byte[] first = cache.dataKey("k", CONTEXT, 6000).toCompletableFuture().join().plaintext();
        byte[] sameKey = cache.dataKey("k", CONTEXT, 3000).toCompletableFuture().join().plaintext();
        byte[] overBytes = cache.dataKey("k", CONTEXT, 3000).toCompletableFuture().join().plaintext();
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        byte[] overAge = cache.dataKey("k", CONTEXT, 1).toCompletableFuture().join().plaintext();

        assertThat(sameKey).isEqualTo(first);
        assertThat(overBytes).isNotEqualTo(first);
        assertThat(overAge).isNotEqualTo(overBytes);
        assertThat(cache.kmsCalls()).isEqualTo(3);
    }

    @Test
    void shouldNeverShareAKeyAcrossContexts_whenContextsDiffer() {
        var cache = new DataKeyCache(new InMemoryKeyService(), DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        byte[] a = cache.dataKey("k", Map.of("source", "a"), 1).toCompletableFuture().join().plaintext();
        byte[] b = cache.dataKey("k", Map.of("source", "b"), 1).toCompletableFuture().join().plaintext();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldWipeCachedPlaintextKeys_whenClosed() {
        var cache = new DataKeyCache(new InMemoryKeyService(), DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        cache.dataKey("k", CONTEXT, 1).toCompletableFuture().join();
        byte[][] held = cache.heldPlaintexts();
        assertThat(held.length).isEqualTo(1);
        assertThat(DataKeyCache.isWiped(held[0])).isFalse();

        cache.close();

        assertThat(DataKeyCache.isWiped(held[0])).isTrue();
        assertThat(cache.isEmpty()).isTrue();
    }

    @Test
    void shouldDecryptOnce_whenManyCallersAskForTheSameDataKey() {
        var kms = new InMemoryKeyService();
        KeyService.DataKey dataKey = kms.generateDataKey("k", CONTEXT).toCompletableFuture().join();
        var cache = new DataKeyCache(kms, DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            assertThat(cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join())
                    .isEqualTo(dataKey.plaintext());
        }
        assertThat(kms.decryptCalls()).isEqualTo(1);
        assertThat(cache.kmsDecryptCalls()).isEqualTo(1);
    }

    @Test
    void shouldShareOneKmsCall_whenCallersAskBeforeTheFirstDecryptHasAnswered() {
        var kms = new InMemoryKeyService();
        KeyService.DataKey dataKey = kms.generateDataKey("k", CONTEXT).toCompletableFuture().join();
        var gate = new CompletableFuture<Void>();
        KeyService slow = new KeyService() {
            @Override
            public CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> context) {
                return kms.generateDataKey(keyId, context);
            }

            @Override
            public CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> context) {
                return gate.thenCompose(open -> kms.decrypt(ciphertext, context));
            }
        };
        var cache = new DataKeyCache(slow, DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        var first = cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture();
        var second = cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture();
        gate.complete(null);

        assertThat(first.join()).isEqualTo(dataKey.plaintext()).isNotSameAs(second.join());
        assertThat(kms.decryptCalls()).isEqualTo(1);
    }

    @Test
    void shouldAskKmsAgain_whenTheKeyIsTooOldOrUsedTooOftenOrTheContextDiffers() {
        var kms = new InMemoryKeyService();
        var clock = new MovableClock();
        KeyService.DataKey dataKey = kms.generateDataKey("k", CONTEXT).toCompletableFuture().join();
        var cache = new DataKeyCache(kms, new DataKeyCache.Bounds(Duration.ofMinutes(5), 3, 1 << 30, 4), clock);
        for (int i = 0; i < 4; i++) {
            cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join();
        }
        assertThat(kms.decryptCalls()).isEqualTo(2); // the fourth use is past maxMessages
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join();
        assertThat(kms.decryptCalls()).isEqualTo(3);

        assertThatThrownBy(() -> cache.decrypt(dataKey.ciphertext(), Map.of("bucket", "raw", "source", "ward8"))
                .toCompletableFuture().join()).isInstanceOf(CompletionException.class);
        assertThat(kms.decryptCalls()).isEqualTo(4);
    }

    @Test
    void shouldNotCacheAFailure_whenKmsIsDownForOneCall() {
        var kms = new InMemoryKeyService();
        KeyService.DataKey dataKey = kms.generateDataKey("k", CONTEXT).toCompletableFuture().join();
        var cache = new DataKeyCache(kms, DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        kms.setAvailable(false);
        assertThatThrownBy(() -> cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class);
        kms.setAvailable(true);

        assertThat(cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join())
                .isEqualTo(dataKey.plaintext());
    }

    @Test
    void shouldWipeDecryptedKeys_whenClosed() {
        var kms = new InMemoryKeyService();
        KeyService.DataKey dataKey = kms.generateDataKey("k", CONTEXT).toCompletableFuture().join();
        var cache = new DataKeyCache(kms, DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        byte[] handedOut = cache.decrypt(dataKey.ciphertext(), CONTEXT).toCompletableFuture().join();
        byte[][] held = cache.heldPlaintexts();
        assertThat(held).hasNumberOfRows(1);

        cache.close();

        assertThat(DataKeyCache.isWiped(held[0])).isTrue();
        assertThat(DataKeyCache.isWiped(handedOut)).as("the caller's copy is the caller's to wipe").isFalse();
        assertThat(cache.isEmpty()).isTrue();
    }
}
