package health.pipeline.model.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    /** The leaves and roots of the test vectors in certificate-transparency's merkle_tree_test.cc. */
    private static final List<String> VECTOR_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> VECTOR_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void shouldMatchTheCertificateTransparencyRoots_whenHashingTheTestVectorLeaves() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int i = 0; i < VECTOR_LEAVES.size(); i++) {
            byte[] data = HexFormat.of().parseHex(VECTOR_LEAVES.get(i));
            leaves.add(MerkleTree.leafHash(data));
            frontier.append(data);
            assertThat(hex(MerkleTree.root(leaves))).as("root of %d", i + 1).isEqualTo(VECTOR_ROOTS.get(i));
            assertThat(frontier.rootHex()).as("frontier root of %d", i + 1).isEqualTo(VECTOR_ROOTS.get(i));
        }
    }

    @Test
    void shouldHashTheEmptyTreeAsSha256OfNothing_whenThereAreNoLeaves() {
        assertThat(hex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleFrontier.empty().rootHex()).isEqualTo(hex(MerkleTree.root(List.of())));
    }

    @Test
    void shouldAgreeWithTheFullTree_whenTheFrontierIsEncodedAndRestoredAtEverySize() {
        List<byte[]> leaves = leaves(70);
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int n = 1; n <= leaves.size(); n++) {
            frontier.appendLeafHash(leaves.get(n - 1));
            frontier = MerkleFrontier.decode(frontier.size(), frontier.encode());
            assertThat(frontier.root()).as("size %d", n).isEqualTo(MerkleTree.root(leaves.subList(0, n)));
        }
    }

    @Test
    void shouldVerifyEveryInclusionProof_whenTheLeafAndRootAreGenuine() {
        List<byte[]> leaves = leaves(33);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = MerkleTree.root(leaves.subList(0, n));
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i, n);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, proof, root)).as("leaf %d of %d", i, n)
                        .isTrue();
            }
        }
    }

    @Test
    void shouldRejectAnInclusionProof_whenTheLeafIndexRootOrPathIsWrong() {
        List<byte[]> leaves = leaves(21);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> proof = MerkleTree.inclusionProof(leaves, 13, 21);
        assertThat(MerkleTree.verifyInclusion(leaves.get(12), 13, 21, proof, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaves.get(13), 12, 21, proof, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaves.get(13), 13, 21, proof, MerkleTree.root(leaves.subList(0, 20))))
                .isFalse();
        List<byte[]> tampered = new ArrayList<>(proof);
        tampered.set(1, leaves.get(0));
        assertThat(MerkleTree.verifyInclusion(leaves.get(13), 13, 21, tampered, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaves.get(13), 13, 21, proof.subList(0, proof.size() - 1), root))
                .isFalse();
    }

    @Test
    void shouldVerifyEveryConsistencyProof_whenTheSmallerTreeIsAPrefix() {
        List<byte[]> leaves = leaves(33);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] rootN = MerkleTree.root(leaves.subList(0, n));
            for (int m = 1; m <= n; m++) {
                byte[] rootM = MerkleTree.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(leaves, m, n);
                assertThat(MerkleTree.verifyConsistency(m, n, rootM, rootN, proof)).as("%d -> %d", m, n).isTrue();
            }
        }
    }

    @Test
    void shouldRejectAConsistencyProof_whenHistoryWasRewritten() {
        List<byte[]> leaves = leaves(20);
        byte[] rootM = MerkleTree.root(leaves.subList(0, 7));
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(3, MerkleTree.leafHash(new byte[] { 9 }));
        byte[] rootN = MerkleTree.root(rewritten);
        assertThat(MerkleTree.verifyConsistency(7, 20, rootM, rootN, MerkleTree.consistencyProof(rewritten, 7, 20)))
                .isFalse();
        List<byte[]> proof = MerkleTree.consistencyProof(leaves, 7, 20);
        byte[] genuineRootN = MerkleTree.root(leaves);
        assertThat(MerkleTree.verifyConsistency(7, 20, rootM, genuineRootN, proof)).isTrue();
        assertThat(MerkleTree.verifyConsistency(7, 20, MerkleTree.root(leaves.subList(0, 6)), genuineRootN, proof))
                .isFalse();
    }

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(MerkleTree.leafHash(("entry " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
