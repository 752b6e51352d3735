package health.pipeline.model.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 (section 2.1, as restated in RFC 9162 section 2.1): leaves are hashed as
 * {@code SHA-256(0x00 || data)}, interior nodes as {@code SHA-256(0x01 || left || right)}, and a tree of n leaves
 * splits at the largest power of two smaller than n. Proofs are produced from the list of leaf hashes and verified
 * with the algorithms of RFC 9162 section 2.1.3.2 and 2.1.4.2, which need nothing but the proof, the sizes and the
 * roots: that is what an auditor holding a signed checkpoint runs.
 */
public final class MerkleTree {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The hash of the empty tree: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[0:n]) over already hashed leaves. */
    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? emptyRoot() : subtree(leafHashes, 0, leafHashes.size());
    }

    /** PATH(m, D[0:n]): the audit path of leaf {@code index} in the tree of the first {@code treeSize} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, long index, long treeSize) {
        if (index < 0 || index >= treeSize || treeSize > leafHashes.size()) {
            throw new IllegalArgumentException("no leaf " + index + " in a tree of " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        path((int) index, leafHashes, 0, (int) treeSize, proof);
        return proof;
    }

    /** PROOF(m, D[0:n]): proves that the tree of the first m leaves is a prefix of the tree of the first n. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, long m, long n) {
        if (m < 1 || m > n || n > leafHashes.size()) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof((int) m, leafHashes, 0, (int) n, true, proof);
        return proof;
    }

    /** RFC 9162 2.1.3.2: does {@code leafHash} sit at {@code index} of the tree of {@code treeSize} with this root? */
    public static boolean verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: is the tree of size {@code m} with {@code rootM} a prefix of the tree of {@code n}? */
    public static boolean verifyConsistency(long m, long n, byte[] rootM, byte[] rootN, List<byte[]> proof) {
        if (m < 1 || m > n) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(rootM, rootN);
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) {
            path.add(0, rootM);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, rootM) && Arrays.equals(sr, rootN);
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, leaves, from, from + k, proof);
            proof.add(subtree(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, proof);
            proof.add(subtree(leaves, from, from + k));
        }
    }

    private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(subtree(leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, complete, proof);
            proof.add(subtree(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, proof);
            proof.add(subtree(leaves, from, from + k));
        }
    }

    /** The largest power of two strictly smaller than n (n >= 2). */
    static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
