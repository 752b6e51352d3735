package health.pipeline.model.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The right edge of an RFC 6962 tree: the roots of the perfect subtrees that the binary decomposition of its size
 * gives, largest first (at most 64 hashes). Enough to append leaves and compute the root without the leaves
 * themselves, so a writer extends the tree from its last checkpoint instead of rereading the whole trail.
 */
public final class MerkleFrontier {
    private final List<byte[]> subtreeRoots;
    private long size;

    private MerkleFrontier(List<byte[]> subtreeRoots, long size) {
        this.subtreeRoots = subtreeRoots;
        this.size = size;
    }

    public static MerkleFrontier empty() {
        return new MerkleFrontier(new ArrayList<>(), 0);
    }

    /** Restores a frontier written by {@link #encode()}. */
    public static MerkleFrontier decode(long size, String encoded) {
        List<byte[]> roots = new ArrayList<>();
        if (encoded != null && !encoded.isBlank()) {
            for (String hex : encoded.trim().split(" ")) {
                roots.add(HexFormat.of().parseHex(hex));
            }
        }
        if (roots.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a frontier of size " + size + " has " + Long.bitCount(size)
                    + " subtree roots, not " + roots.size());
        }
        return new MerkleFrontier(roots, size);
    }

    /** The subtree roots as space-separated hex, largest subtree first. */
    public String encode() {
        List<String> hex = new ArrayList<>();
        for (byte[] root : subtreeRoots) {
            hex.add(HexFormat.of().formatHex(root));
        }
        return String.join(" ", hex);
    }

    public void appendLeafHash(byte[] leafHash) {
        subtreeRoots.add(leafHash);
        size++;
        // Each trailing 1-bit of the new size's predecessor is a pair of equal subtrees to merge.
        for (long carried = size; (carried & 1) == 0; carried >>= 1) {
            byte[] right = subtreeRoots.remove(subtreeRoots.size() - 1);
            byte[] left = subtreeRoots.remove(subtreeRoots.size() - 1);
            subtreeRoots.add(MerkleTree.nodeHash(left, right));
        }
    }

    public void append(byte[] leafData) {
        appendLeafHash(MerkleTree.leafHash(leafData));
    }

    public long size() {
        return size;
    }

    /** MTH of the leaves appended so far: the subtree roots folded right to left. */
    public byte[] root() {
        if (subtreeRoots.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] root = subtreeRoots.get(subtreeRoots.size() - 1);
        for (int i = subtreeRoots.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(subtreeRoots.get(i), root);
        }
        return root;
    }

    public String rootHex() {
        return HexFormat.of().formatHex(root());
    }

    public MerkleFrontier copy() {
        return new MerkleFrontier(new ArrayList<>(subtreeRoots), size);
    }
}
