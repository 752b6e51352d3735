package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.memory.InMemoryKeyService;

class EnvelopeCipherTest {
    private final InMemoryKeyService keys = new InMemoryKeyService();
    private final EnvelopeCipher cipher = new EnvelopeCipher(keys);
    private final Map<String, String> context = Map.of("bucket", "raw", "key", "records/a/1", "source", "ward7");
    private final byte[] plaintext = "{\"name\":\"Jane Roe\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldRoundTrip_whenContextMatches() {
        byte[] sealed = cipher.seal("raw-key", context, plaintext).toCompletableFuture().join();
        assertThat(EnvelopeCipher.isSealed(sealed)).isTrue();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Jane Roe");
        assertThat(cipher.open(sealed, context).toCompletableFuture().join()).isEqualTo(plaintext);
    }

    @Test
    void shouldRefuse_whenObjectIsReadUnderAnotherKey() {
        byte[] sealed = cipher.seal("raw-key", context, plaintext).toCompletableFuture().join();
        assertThatThrownBy(() -> cipher.open(sealed, Map.of("bucket", "raw", "key", "other", "source", "ward7")))
                .isInstanceOf(EnvelopeCipher.EnvelopeException.class);
    }

    @Test
    void shouldFail_whenAByteOfTheCiphertextChanges() {
        byte[] sealed = cipher.seal("raw-key", context, plaintext).toCompletableFuture().join();
        sealed[sealed.length - 3] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, context).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(EnvelopeCipher.EnvelopeException.class);
    }

    @Test
    void shouldOpenEveryObject_whenOneDataKeyBoundToBucketAndSourceSealsMany() {
        Map<String, String> keyContext = Map.of("bucket", "raw", "source", "ward7");
        var dataKey = keys.generateDataKey("raw-key", keyContext).toCompletableFuture().join();
        byte[] first = EnvelopeCipher.seal(dataKey, keyContext, context, plaintext);
        Map<String, String> other = Map.of("bucket", "raw", "key", "records/a/2", "source", "ward7");
        byte[] second = EnvelopeCipher.seal(dataKey, keyContext, other, plaintext);
        assertThat(cipher.open(first, context).toCompletableFuture().join()).isEqualTo(plaintext);
        assertThat(cipher.open(second, other).toCompletableFuture().join()).isEqualTo(plaintext);
        assertThatThrownBy(() -> cipher.open(second, context)).isInstanceOf(EnvelopeCipher.EnvelopeException.class);
    }

    @Test
    void shouldRefuseToSeal_whenTheKeyContextIsNotPartOfTheObjectContext() {
        Map<String, String> foreign = Map.of("bucket", "raw", "source", "another-ward");
        var dataKey = keys.generateDataKey("raw-key", foreign).toCompletableFuture().join();
        assertThatThrownBy(() -> EnvelopeCipher.seal(dataKey, foreign, context, plaintext))
                .isInstanceOf(EnvelopeCipher.EnvelopeException.class);
    }

    @Test
    void shouldProduceNothing_whenTheKeyServiceIsDown() {
        keys.setAvailable(false);
        assertThatThrownBy(() -> cipher.seal("raw-key", context, plaintext).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class);
    }
}
