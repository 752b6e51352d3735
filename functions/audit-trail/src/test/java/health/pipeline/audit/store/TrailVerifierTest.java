package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.audit.HashChain;
import health.pipeline.model.ports.memory.InMemorySigner;

/**
 * Each test tampers with a signed trail of 25 entries (checkpoints at 10, 20 and 25) as a superuser who disables the
 * append-only trigger, the way someone with database access but without the signing key would, and expects the
 * verifier to name the first bad entry.
 */
class TrailVerifierTest {
    private static AuditDatabase postgres;
    private String database;
    private SignedTrail trail;

    @TempDir
    Path archiveDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("verifier");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void writeTrail() throws Exception {
        database = postgres.freshDatabase();
        try (Connection app = postgres.application(database)) {
            trail = new SignedTrail().write(app, 25);
        }
        TrailFixtures.dump(trail.archive, SignedTrail.ARCHIVE, archiveDir);
    }

    @Test
    void shouldHoldWithEveryCheckpointVerified_whenNothingWasTouched() throws Exception {
        TrailReport report = verifyTrusted();

        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.entries()).isEqualTo(25);
        assertThat(report.checkpointsVerified()).isEqualTo(3);
        assertThat(trail.checkpoints).extracting(c -> c.treeSize()).containsExactly(10L, 20L, 25L);
        assertThat(report.rootHash()).isEqualTo(trail.checkpoints.get(2).rootHash());
        assertThat(report.headHash()).isEqualTo(trail.checkpoints.get(2).chainHead());
        assertThat(report.signatureKey()).isEqualTo("trusted");
    }

    @Test
    void shouldNameTheEntry_whenItsHashedContentWasChanged() throws Exception {
        tamper("update audit_entry set entry = replace(entry, '\"DEIDENTIFY\"', '\"EXPORT\"') where sequence = 7");

        assertBad(verifyTrusted(), 7, "changed");
    }

    @Test
    void shouldNameTheEntry_whenOnlyAQueryableColumnWasChanged() throws Exception {
        tamper("update audit_entry set patient = 'p-0000000000000000' where sequence = 8");

        assertBad(verifyTrusted(), 8, "patient column");
    }

    @Test
    void shouldNameTheEntry_whenOnlyItsPurposeColumnWasChanged() throws Exception {
        tamper("update audit_entry set purpose = 'TREAT' where sequence = 9");

        assertBad(verifyTrusted(), 9, "purpose column");
    }

    @Test
    void shouldNameTheEntry_whenOnlyItsOccurredAtColumnWasChanged() throws Exception {
        tamper("update audit_entry set occurred_at = occurred_at - interval '3 days' where sequence = 4");

        assertBad(verifyTrusted(), 4, "occurred_at column");
    }

    @Test
    void shouldNameTheEntry_whenOnlyItsCorrelationIdColumnWasChanged() throws Exception {
        tamper("update audit_entry set correlation_id = 'cor-other' where sequence = 11");

        assertBad(verifyTrusted(), 11, "correlation_id column");
    }

    @Test
    void shouldNameTheMissingEntry_whenAnEntryWasDeleted() throws Exception {
        tamper("delete from audit_entry where sequence = 12");

        assertBad(verifyTrusted(), 12, "missing");
    }

    @Test
    void shouldNameTheFirstEntryAfterTheForgery_whenAnEntryWasInsertedWithAConsistentHash() throws Exception {
        tamper("update audit_entry set sequence = sequence + 1000 where sequence >= 15",
                "update audit_entry set sequence = sequence - 999 where sequence >= 1015",
                forgedEntryAfter(14));

        assertBad(verifyTrusted(), 16, "previous-hash");
    }

    @Test
    void shouldNameTheFirstMovedEntry_whenTwoEntriesWereReordered() throws Exception {
        tamper("update audit_entry set sequence = 1005 where sequence = 5",
                "update audit_entry set sequence = 5 where sequence = 6",
                "update audit_entry set sequence = 6 where sequence = 1005");

        assertBad(verifyTrusted(), 5, "previous-hash");
    }

    @Test
    void shouldNameTheFirstLostEntry_whenTheTailWasTruncated() throws Exception {
        tamper("delete from audit_entry where sequence > 22");

        TrailReport report = verifyTrusted();
        assertBad(report, 23, "truncated tail");
        assertThat(report.firstBadCheckpoint()).isEqualTo(25);
    }

    @Test
    void shouldStillDetectTheTruncation_whenTheCheckpointRowWasDeletedTooButTheArchiveHasIt() throws Exception {
        tamper("delete from audit_entry where sequence > 22", "delete from audit_checkpoint where tree_size = 25");

        assertBad(verifyTrusted(), 23, "truncated tail");
    }

    @Test
    void shouldNameTheFirstContradictedCheckpoint_whenHistoryWasRewrittenWithConsistentHashes() throws Exception {
        tamper("update audit_entry set entry = replace(entry, '\"resourceCount\":\"42\"', '\"resourceCount\":\"41\"')"
                + " where sequence = 13");
        rechain();

        TrailReport report = verifyTrusted();
        assertBad(report, 11, "do not match signed checkpoint 20");
        assertThat(report.firstBadCheckpoint()).isEqualTo(20);
    }

    @Test
    void shouldRejectTheCheckpoint_whenItsSignedRootWasChangedInTheDatabase() throws Exception {
        tampering("audit_checkpoint", "update audit_checkpoint set root_hash = repeat('0', 64) where tree_size = 20");

        TrailReport report = new TrailVerifier(trustedKey(), null).verify(postgres.superuser(database));
        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadCheckpoint()).isEqualTo(20);
        assertThat(report.problem()).contains("signature");
    }

    @Test
    void shouldNameTheCheckpoint_whenItsDatabaseRowDiffersFromTheArchivedDocument() throws Exception {
        tampering("audit_checkpoint",
                "update audit_checkpoint set issued_at = issued_at - interval '1 day' where tree_size = 10");

        TrailReport report = verifyTrusted();
        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadCheckpoint()).isEqualTo(10);
        assertThat(report.problem()).contains("differs from the archived one");
    }

    @Test
    void shouldHoldWithNoEntries_whenTheDatabaseHasNoAuditTableYet() throws Exception {
        try (Connection admin = postgres.superuser("postgres"); var statement = admin.createStatement()) {
            statement.execute("create database audit_empty_" + System.nanoTime() % 100000);
        }
        try (Connection connection = postgres.superuser("postgres")) {
            TrailReport report = new TrailVerifier(null, null).verify(connection);
            assertThat(report.valid()).isTrue();
            assertThat(report.entries()).isZero();
        }
    }

    @Test
    void shouldRejectTheCheckpoints_whenTheyWereSignedByAnotherKey() throws Exception {
        var otherKey = CheckpointSignatures.publicKey(
                new InMemorySigner().publicKey("other").toCompletableFuture().get());

        TrailReport report = new TrailVerifier(otherKey, archiveDir).verify(postgres.superuser(database));

        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadCheckpoint()).isEqualTo(10);
    }

    @Test
    void shouldRejectTheForgedCheckpoints_whenTheForgerAlsoSwappedThePublicKeysStoredBesideThem() throws Exception {
        try (Connection owner = postgres.superuser(database)) {
            new Forger().rewrite(owner, 13, "\"resourceCount\":\"42\"", "\"resourceCount\":\"41\"");
        }
        try (Connection connection = postgres.superuser(database)) {
            assertThat(new TrailVerifier(null, null).verify(connection).valid())
                    .as("the keys in the database vouch for the forgery").isTrue();

            TrailReport report = TrailVerifier.trusting(trustedKey(), ArchiveReader.folder(archiveDir))
                    .verify(connection);

            assertThat(report.valid()).isFalse();
            assertThat(report.firstBadCheckpoint()).isEqualTo(10);
        }
    }

    @Test
    void shouldUseTheStoredKeyAndSaySo_whenNoTrustedKeyIsGiven() throws Exception {
        TrailReport report = new TrailVerifier(null, null).verify(postgres.superuser(database));

        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.signatureKey()).isEqualTo("self-asserted");
        assertThat(report.checkpointsVerified()).isEqualTo(3);
    }

    private TrailReport verifyTrusted() throws Exception {
        try (Connection connection = postgres.superuser(database)) {
            return new TrailVerifier(trustedKey(), archiveDir).verify(connection);
        }
    }

    private java.security.PublicKey trustedKey() throws Exception {
        return CheckpointSignatures.publicKey(trail.signer.publicKey(SignedTrail.KEY).toCompletableFuture().get());
    }

    private static void assertBad(TrailReport report, long entry, String problem) {
        assertThat(report.valid()).as(report.toString()).isFalse();
        assertThat(report.firstBadEntry()).as(report.toString()).isEqualTo(entry);
        assertThat(report.problem()).contains(problem);
    }

    private void tamper(String... statements) throws Exception {
        String[] all = new String[statements.length + 2];
        all[0] = "alter table audit_entry disable trigger user";
        System.arraycopy(statements, 0, all, 1, statements.length);
        all[all.length - 1] = "alter table audit_entry enable trigger user";
        List<String> withCheckpoints = new ArrayList<>(List.of("alter table audit_checkpoint disable trigger user"));
        withCheckpoints.addAll(List.of(all));
        withCheckpoints.add("alter table audit_checkpoint enable trigger user");
        execute(withCheckpoints);
    }

    private void tampering(String table, String statement) throws Exception {
        execute(List.of("alter table " + table + " disable trigger user", statement,
                "alter table " + table + " enable trigger user"));
    }

    private void execute(List<String> statements) throws Exception {
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** A copy of entry {@code sequence} under a new event id, correctly chained after it: a careful forger. */
    private String forgedEntryAfter(long sequence) throws Exception {
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement();
                var rs = statement.executeQuery("select entry, hash from audit_entry where sequence = " + sequence)) {
            rs.next();
            String entry = rs.getString(1).replace("\"evt-" + sequence + "\"", "\"evt-forged\"");
            String hash = HashChain.link(rs.getString(2), entry);
            return "insert into audit_entry select " + (sequence + 1) + ", 'evt-forged', occurred_at, recorded_at,"
                    + " actor, action, outcome, purpose, patient, correlation_id, '" + entry.replace("'", "''")
                    + "', '" + rs.getString(2) + "', '" + hash + "' from audit_entry where sequence = " + sequence;
        }
    }

    /** Recomputes every hash in order, as someone who knows the chain (but not the signing key) would. */
    private void rechain() throws Exception {
        List<String> updates = new ArrayList<>();
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement();
                var rs = statement.executeQuery("select sequence, entry from audit_entry order by sequence")) {
            String previous = HashChain.GENESIS;
            while (rs.next()) {
                String hash = HashChain.link(previous, rs.getString(2));
                updates.add("update audit_entry set previous_hash = '" + previous + "', hash = '" + hash
                        + "' where sequence = " + rs.getLong(1));
                previous = hash;
            }
        }
        tamper(updates.toArray(String[]::new));
    }
}
