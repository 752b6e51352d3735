package health.pipeline.audit.api.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import health.pipeline.model.ports.memory.InMemorySigner;

/** Where the API's verification takes the signing key from: a pinned file, else the key service, never nowhere. */
class TrustedSigningKeyTest {
    private final InMemorySigner keyService = new InMemorySigner();

    @Test
    void shouldTakeThePinnedFile_whenOneIsConfiguredBesideTheKeyService(@TempDir Path dir) throws Exception {
        byte[] pinned = new InMemorySigner().publicKey("pinned").toCompletableFuture().get();
        Path file = Files.write(dir.resolve("audit-signing.der"), pinned);

        var key = new TrustedSigningKey(Optional.empty(), Optional.of(file.toString()), Optional.of("k"), keyService);

        assertThat(key.publicKey().getEncoded()).isEqualTo(pinned);
    }

    @Test
    void shouldAskTheKeyService_whenNothingIsPinned() throws Exception {
        var key = new TrustedSigningKey(Optional.empty(), Optional.empty(), Optional.of("k"), keyService);

        assertThat(key.publicKey().getEncoded())
                .isEqualTo(keyService.publicKey("k").toCompletableFuture().get());
    }

    @Test
    void shouldRefuse_whenNoKeySourceIsConfigured() {
        var key = new TrustedSigningKey(Optional.empty(), Optional.of(" "), Optional.empty(), keyService);

        assertThatThrownBy(key::publicKey).isInstanceOf(TrustedSigningKey.Unavailable.class)
                .hasMessageContaining("no trusted checkpoint signing key");
    }
}
