package health.pipeline.model.audit;

import java.util.HexFormat;

/**
 * How the audit trail feeds its Merkle tree: leaf i is the chain hash of entry i+1 (32 bytes). The chain hash
 * already commits to the entry's canonical JSON and to every entry before it, so the tree adds what a chain
 * cannot give: a logarithmic inclusion proof for one entry and a consistency proof between two signed checkpoints.
 * An auditor checking one entry recomputes its chain hash from the entry and its previous hash, then the proof.
 */
public final class AuditTree {
    private AuditTree() {
    }

    public static byte[] leafHash(String chainHashHex) {
        return MerkleTree.leafHash(HexFormat.of().parseHex(chainHashHex));
    }
}
