package health.pipeline.model.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import health.pipeline.model.ports.memory.InMemorySigner;

class CheckpointSignaturesTest {
    private final InMemorySigner signer = new InMemorySigner();

    @Test
    void shouldVerify_whenTheCheckpointIsSignedAndUnchanged() throws Exception {
        Checkpoint signed = sign(Checkpoint.unsigned(42, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-01-02T03:04:05Z"), "key-1"));
        var publicKey = CheckpointSignatures.publicKey(signer.publicKey("key-1").toCompletableFuture().get());

        assertThat(CheckpointSignatures.verify(signed, publicKey)).isTrue();
        assertThat(CheckpointSignatures.verify(Checkpoint.fromJson(signed.toJsonBytes()), publicKey)).isTrue();
    }

    @Test
    void shouldNotVerify_whenAnySignedFieldChangesOrTheKeyDiffers() throws Exception {
        Checkpoint signed = sign(Checkpoint.unsigned(42, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-01-02T03:04:05Z"), "key-1"));
        var publicKey = CheckpointSignatures.publicKey(signer.publicKey("key-1").toCompletableFuture().get());
        var otherKey = CheckpointSignatures.publicKey(new InMemorySigner().publicKey("key-1").toCompletableFuture().get());

        assertThat(CheckpointSignatures.verify(new Checkpoint(43, signed.rootHash(), signed.chainHead(),
                signed.issuedAt(), signed.keyId(), signed.algorithm(), signed.signature()), publicKey)).isFalse();
        assertThat(CheckpointSignatures.verify(new Checkpoint(42, "c".repeat(64), signed.chainHead(),
                signed.issuedAt(), signed.keyId(), signed.algorithm(), signed.signature()), publicKey)).isFalse();
        assertThat(CheckpointSignatures.verify(signed, otherKey)).isFalse();
        assertThat(CheckpointSignatures.verify(signed.withSignature(null), publicKey)).isFalse();
    }

    private Checkpoint sign(Checkpoint checkpoint) throws Exception {
        byte[] signature = signer.sign(checkpoint.keyId(), checkpoint.signedBytes()).toCompletableFuture().get();
        return checkpoint.withSignature(Base64.getEncoder().encodeToString(signature));
    }
}
