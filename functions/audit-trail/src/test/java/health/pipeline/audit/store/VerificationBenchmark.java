package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.checkpoint.CheckpointPolicy;
import health.pipeline.audit.store.checkpoint.JdbcCheckpointWriter;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;

/**
 * Verification of 1,000,000 entries (target: under 60 s), against the floor of merely streaming the same rows out
 * of PostgreSQL. Not a test: runs only with {@code -Pbenchmark} (see docs/benchmarks/audit.md).
 */
@Tag("benchmark")
class VerificationBenchmark {
    private static final int ENTRIES = Integer.getInteger("audit.bench.entries", 1_000_000);
    private static final int BATCH = 5_000;
    private static final int WARMUPS = 2;
    private static final int RUNS = 3;

    @Test
    void verifyAMillionEntries() throws Exception {
        try (AuditDatabase postgres = AuditDatabase.start("bench-verify")) {
            String database = postgres.freshDatabase();
            InMemorySigner signer = new InMemorySigner();
            try (Connection app = postgres.application(database)) {
                var appender = new JdbcTrailAppender(Clock.systemUTC());
                var checkpoints = new JdbcCheckpointWriter(signer, new InMemoryObjectStore(), "audit-archive",
                        "bench-key", new CheckpointPolicy(100_000, Duration.ofDays(1)), Clock.systemUTC());
                long start = System.nanoTime();
                for (int first = 1; first <= ENTRIES; first += BATCH) {
                    appender.append(app, TrailFixtures.entries(first, Math.min(BATCH, ENTRIES - first + 1)));
                    checkpoints.checkpointIfDue(app);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("seeded %,d entries through JdbcTrailAppender (batches of %,d, checkpoint every"
                        + " 100,000) in %.1f s: %,.0f entries/s%n", ENTRIES, BATCH, seconds, ENTRIES / seconds);
            }
            var publicKey = CheckpointSignatures.publicKey(signer.publicKey("bench-key").toCompletableFuture().get());
            List<Double> floor = new ArrayList<>();
            List<Double> verify = new ArrayList<>();
            for (int run = 0; run < WARMUPS + RUNS; run++) {
                try (Connection connection = postgres.superuser(database)) {
                    long start = System.nanoTime();
                    long chars = scan(connection);
                    double scanSeconds = (System.nanoTime() - start) / 1e9;
                    start = System.nanoTime();
                    TrailReport report = new TrailVerifier(publicKey, null).verify(connection);
                    double verifySeconds = (System.nanoTime() - start) / 1e9;
                    assertThat(report.valid()).as(report.toString()).isTrue();
                    assertThat(report.entries()).isEqualTo(ENTRIES);
                    assertThat(chars).isPositive();
                    System.out.printf("%s %d: floor (stream rows) %.2f s, verify %.2f s (%d checkpoints), ratio %.2f%n",
                            run < WARMUPS ? "warm-up" : "run", run + 1, scanSeconds, verifySeconds,
                            report.checkpointsVerified(), verifySeconds / scanSeconds);
                    if (run >= WARMUPS) {
                        floor.add(scanSeconds);
                        verify.add(verifySeconds);
                    }
                }
            }
            double medianVerify = median(verify);
            double medianFloor = median(floor);
            System.out.printf("RESULT verification of %,d entries: median %.2f s (target < 60 s), floor %.2f s,"
                    + " ratio %.2f, %,.0f entries/s%n", ENTRIES, medianVerify, medianFloor, medianVerify / medianFloor,
                    ENTRIES / medianVerify);
        }
    }

    /** The floor: the same query and cursor, every column read, nothing checked. */
    private static long scan(Connection connection) throws Exception {
        long chars = 0;
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.setFetchSize(5_000);
            try (var rs = statement.executeQuery("select sequence, event_id, actor, action, outcome, patient,"
                    + " entry, previous_hash, hash from audit_entry order by sequence")) {
                while (rs.next()) {
                    chars += rs.getLong(1) + rs.getString(2).length() + rs.getString(7).length()
                            + rs.getString(9).length();
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
        return chars;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
