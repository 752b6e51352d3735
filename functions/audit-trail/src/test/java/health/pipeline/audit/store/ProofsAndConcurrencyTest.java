package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.proof.TrailProofs;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.audit.AuditTree;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.MerkleTree;

class ProofsAndConcurrencyTest {
    private static AuditDatabase postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("proofs");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldProveEveryEntryAgainstTheSignedRoot_whenAskedForInclusionProofs() throws Exception {
        String database = postgres.freshDatabase();
        try (Connection app = postgres.application(database)) {
            SignedTrail trail = new SignedTrail().write(app, 25);
            Checkpoint checkpoint = trail.checkpoints.get(1);
            for (long sequence = 1; sequence <= checkpoint.treeSize(); sequence++) {
                var proof = TrailProofs.inclusion(app, sequence, checkpoint.treeSize());
                String chainHash = chainHash(app, sequence);
                assertThat(MerkleTree.verifyInclusion(AuditTree.leafHash(chainHash), sequence - 1,
                        checkpoint.treeSize(), unhex(proof.path()), unhex(checkpoint.rootHash()))).isTrue();
            }
        }
    }

    @Test
    void shouldProveTheEarlierCheckpointIsAPrefix_whenAskedForAConsistencyProof() throws Exception {
        String database = postgres.freshDatabase();
        try (Connection app = postgres.application(database)) {
            SignedTrail trail = new SignedTrail().write(app, 25);
            Checkpoint first = trail.checkpoints.get(0);
            Checkpoint last = trail.checkpoints.get(2);
            var proof = TrailProofs.consistency(app, first.treeSize(), last.treeSize());

            assertThat(proof.rootHash()).isEqualTo(last.rootHash());
            assertThat(MerkleTree.verifyConsistency(first.treeSize(), last.treeSize(), unhex(first.rootHash()),
                    unhex(last.rootHash()), unhex(proof.path()))).isTrue();
        }
    }

    @Test
    void shouldKeepOneContiguousChain_whenFourWritersAppendAtOnce() throws Exception {
        String database = postgres.freshDatabase();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int base = writer * 10_000;
                writers.add(pool.submit((Callable<Integer>) () -> {
                    int written = 0;
                    try (Connection app = postgres.application(database)) {
                        var appender = new JdbcTrailAppender(Clock.systemUTC());
                        for (int batch = 0; batch < 40; batch++) {
                            // every writer also redelivers one event of the previous batch: idempotency under load
                            var entries = new ArrayList<>(TrailFixtures.entries(base + batch * 5, 5));
                            if (batch > 0) {
                                entries.addAll(TrailFixtures.entries(base + batch * 5 - 1, 1));
                            }
                            written += appender.append(app, entries).size();
                        }
                    }
                    return written;
                }));
            }
            int total = 0;
            for (Future<Integer> writer : writers) {
                total += writer.get();
            }
            assertThat(total).isEqualTo(800);
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = postgres.superuser(database)) {
            var report = new TrailVerifier(null, null).verify(connection);
            assertThat(report.valid()).as(report.toString()).isTrue();
            assertThat(report.entries()).isEqualTo(800);
        }
    }

    private static String chainHash(Connection connection, long sequence) throws Exception {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("select hash from audit_entry where sequence = " + sequence)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static List<byte[]> unhex(List<String> hex) {
        return hex.stream().map(ProofsAndConcurrencyTest::unhex).toList();
    }
}
