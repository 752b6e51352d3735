package health.pipeline.audit.store.checkpoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import health.pipeline.audit.store.append.ChainLock;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.MerkleFrontier;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.ports.Signer;

/**
 * Makes the next signed checkpoint over JDBC when the policy says it is due: archive object first (Object Lock),
 * then the database row, so a checkpoint the database knows is always in the archive. Used by tools, tests and
 * benchmarks; the audit writer does the same through Hibernate Reactive with the same {@link CheckpointDraft}.
 */
public final class JdbcCheckpointWriter {
    public static final String INSERT = "insert into audit_checkpoint (tree_size, root_hash, chain_head, issued_at,"
            + " key_id, algorithm, signature, public_key, frontier, object_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private final Signer signer;
    private final ObjectStore archive;
    private final String archiveBucket;
    private final String keyId;
    private final CheckpointPolicy policy;
    private final Clock clock;

    public JdbcCheckpointWriter(Signer signer, ObjectStore archive, String archiveBucket, String keyId,
            CheckpointPolicy policy, Clock clock) {
        this.signer = signer;
        this.archive = archive;
        this.archiveBucket = archiveBucket;
        this.keyId = keyId;
        this.policy = policy;
        this.clock = clock;
    }

    /** @return the checkpoint made, or null when none was due */
    public Checkpoint checkpointIfDue(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Checkpoint made = checkpointInTransaction(connection);
            connection.commit();
            return made;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private Checkpoint checkpointInTransaction(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ChainLock.CHECKPOINT);
            lock.execute();
        }
        MerkleFrontier frontier = MerkleFrontier.empty();
        Instant lastIssued = null;
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "select tree_size, frontier, issued_at from audit_checkpoint order by tree_size desc limit 1")) {
            if (rs.next()) {
                frontier = MerkleFrontier.decode(rs.getLong(1), rs.getString(2));
                lastIssued = rs.getTimestamp(3).toInstant();
            }
        }
        long head;
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "select coalesce(max(sequence), 0), (select recorded_at from audit_entry where sequence = 1)"
                        + " from audit_entry")) {
            rs.next();
            head = rs.getLong(1);
            if (lastIssued == null && rs.getTimestamp(2) != null) {
                lastIssued = rs.getTimestamp(2).toInstant();
            }
        }
        Instant now = clock.instant();
        if (!policy.due(frontier.size(), lastIssued, head, now)) {
            return null;
        }
        List<String> hashes = new ArrayList<>();
        try (var select = connection.prepareStatement(
                "select hash from audit_entry where sequence > ? and sequence <= ? order by sequence")) {
            select.setLong(1, frontier.size());
            select.setLong(2, head);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
        }
        CheckpointDraft.Signed signed = await(CheckpointDraft.extend(frontier, hashes, now, keyId).sign(signer));
        Checkpoint checkpoint = signed.checkpoint();
        await(archive.put(archiveBucket, checkpoint.objectKey(), checkpoint.toJsonBytes(), "application/json", null,
                Map.of()));
        try (var insert = connection.prepareStatement(INSERT)) {
            insert.setLong(1, checkpoint.treeSize());
            insert.setString(2, checkpoint.rootHash());
            insert.setString(3, checkpoint.chainHead());
            insert.setTimestamp(4, Timestamp.from(checkpoint.issuedAt()));
            insert.setString(5, checkpoint.keyId());
            insert.setString(6, checkpoint.algorithm());
            insert.setString(7, checkpoint.signature());
            insert.setString(8, signed.publicKey());
            insert.setString(9, signed.frontier());
            insert.setString(10, checkpoint.objectKey());
            insert.executeUpdate();
        }
        return checkpoint;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a checkpoint", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a checkpoint could not be signed or archived: " + e.getCause(), e.getCause());
        }
    }
}
