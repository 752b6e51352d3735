package health.pipeline.audit.store.checkpoint;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

import health.pipeline.model.audit.AuditTree;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.MerkleFrontier;
import health.pipeline.model.ports.Signer;

/**
 * The next checkpoint, computed from the last one's frontier and the chain hashes of the entries since; then signed.
 * Pure: the writer (Hibernate Reactive) and {@link JdbcCheckpointWriter} only read its inputs and store its output.
 */
public final class CheckpointDraft {
    private final Checkpoint unsigned;
    private final MerkleFrontier frontier;

    private CheckpointDraft(Checkpoint unsigned, MerkleFrontier frontier) {
        this.unsigned = unsigned;
        this.frontier = frontier;
    }

    /**
     * @param previous    the frontier of the last checkpoint ({@link MerkleFrontier#empty()} when there is none)
     * @param chainHashes the hashes of entries {@code previous.size()+1} onwards, in sequence order
     */
    public static CheckpointDraft extend(MerkleFrontier previous, List<String> chainHashes, Instant issuedAt,
            String keyId) {
        if (chainHashes.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one new entry");
        }
        MerkleFrontier frontier = previous.copy();
        chainHashes.forEach(hash -> frontier.appendLeafHash(AuditTree.leafHash(hash)));
        return new CheckpointDraft(Checkpoint.unsigned(frontier.size(), frontier.rootHex(),
                chainHashes.get(chainHashes.size() - 1), issuedAt, keyId), frontier);
    }

    public CompletionStage<Signed> sign(Signer signer) {
        return signer.sign(unsigned.keyId(), unsigned.signedBytes()).thenCombine(signer.publicKey(unsigned.keyId()),
                (signature, publicKey) -> new Signed(unsigned.withSignature(Base64.getEncoder().encodeToString(signature)),
                        frontier.encode(), Base64.getEncoder().encodeToString(publicKey)));
    }

    public Checkpoint unsigned() {
        return unsigned;
    }

    /**
     * A signed checkpoint and what the database keeps beside it.
     *
     * @param frontier  {@link MerkleFrontier#encode()} at the checkpoint's size
     * @param publicKey base64 DER of the signing key's public half (self-asserted; see TrailVerifier)
     */
    public record Signed(Checkpoint checkpoint, String frontier, String publicKey) {
    }
}
