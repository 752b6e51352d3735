package health.pipeline.audit.store.proof;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import health.pipeline.model.audit.AuditTree;
import health.pipeline.model.audit.MerkleTree;

/**
 * RFC 6962 proofs over the stored trail, for an auditor holding signed checkpoints: that entry s is in the tree of
 * a checkpoint, and that an earlier checkpoint's tree is a prefix of a later one's. Reads the chain hashes up to the
 * larger tree size (32 bytes an entry: a million entries is one 32 MB pass).
 */
public final class TrailProofs {
    private TrailProofs() {
    }

    /** @param sequence the entry (1-based); its leaf index is {@code sequence - 1} */
    public static Proof inclusion(Connection connection, long sequence, long treeSize) throws SQLException {
        List<byte[]> leaves = leafHashes(connection, treeSize);
        if (sequence < 1 || sequence > treeSize || leaves.size() < treeSize) {
            throw new IllegalArgumentException("entry " + sequence + " is not in a tree of " + treeSize);
        }
        return new Proof(treeSize, sequence, hex(MerkleTree.root(leaves)),
                hex(MerkleTree.inclusionProof(leaves, sequence - 1, treeSize)));
    }

    public static Proof consistency(Connection connection, long fromSize, long toSize) throws SQLException {
        List<byte[]> leaves = leafHashes(connection, toSize);
        if (fromSize < 1 || fromSize > toSize || leaves.size() < toSize) {
            throw new IllegalArgumentException("no consistency proof from " + fromSize + " to " + toSize);
        }
        return new Proof(toSize, fromSize, hex(MerkleTree.root(leaves)),
                hex(MerkleTree.consistencyProof(leaves, fromSize, toSize)));
    }

    /**
     * @param treeSize the tree the proof is against, with its {@code rootHash}
     * @param subject  the entry's sequence (inclusion) or the smaller tree size (consistency)
     * @param path     the proof's hashes, hex
     */
    public record Proof(long treeSize, long subject, String rootHash, List<String> path) {
    }

    private static List<byte[]> leafHashes(Connection connection, long treeSize) throws SQLException {
        List<byte[]> leaves = new ArrayList<>();
        try (var select = connection.prepareStatement(
                "select hash from audit_entry where sequence <= ? order by sequence")) {
            select.setLong(1, treeSize);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    leaves.add(AuditTree.leafHash(rs.getString(1)));
                }
            }
        }
        return leaves;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(TrailProofs::hex).toList();
    }
}
