package health.pipeline.audit.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import health.pipeline.audit.store.checkpoint.CheckpointDraft;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.HashChain;
import health.pipeline.model.audit.MerkleFrontier;
import health.pipeline.model.ports.memory.InMemorySigner;

/**
 * What someone who can write the audit database, but cannot use the KMS signing key, can do at best: change an
 * entry, recompute the chain, and re-sign every checkpoint over the rewritten trail with a key pair of their own,
 * whose public half they store beside each checkpoint in place of the real one. Only a verifier that takes the key
 * from elsewhere (KMS, a pinned file) or reads the archive notices. Public for the audit API's tests (test-jar).
 */
public final class Forger {
    private final InMemorySigner ownKey = new InMemorySigner();

    /**
     * Replaces {@code from} with {@code to} in the hashed entry {@code sequence}, then rechains and re-signs.
     *
     * @param owner a connection of the table owner (it disables the append-only triggers, then enables them again)
     */
    public void rewrite(Connection owner, long sequence, String from, String to) throws Exception {
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (var statement = owner.createStatement()) {
            statement.execute("alter table audit_entry disable trigger user");
            statement.execute("alter table audit_checkpoint disable trigger user");
            try (var change = owner.prepareStatement(
                    "update audit_entry set entry = replace(entry, ?, ?) where sequence = ?")) {
                change.setString(1, from);
                change.setString(2, to);
                change.setLong(3, sequence);
                change.executeUpdate();
            }
            List<String> hashes = rechain(owner);
            resign(owner, hashes);
            statement.execute("alter table audit_entry enable trigger user");
            statement.execute("alter table audit_checkpoint enable trigger user");
            owner.commit();
        } catch (Exception e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /** @return every entry's new hash, in sequence order */
    private static List<String> rechain(Connection owner) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (var statement = owner.createStatement();
                var rs = statement.executeQuery("select sequence, entry from audit_entry order by sequence");
                var update = owner.prepareStatement(
                        "update audit_entry set previous_hash = ?, hash = ? where sequence = ?")) {
            String previous = HashChain.GENESIS;
            while (rs.next()) {
                String hash = HashChain.link(previous, rs.getString(2));
                update.setString(1, previous);
                update.setString(2, hash);
                update.setLong(3, rs.getLong(1));
                update.executeUpdate();
                hashes.add(hash);
                previous = hash;
            }
        }
        return hashes;
    }

    private void resign(Connection owner, List<String> hashes) throws Exception {
        Map<Long, Checkpoint> stored = new HashMap<>();
        try (var statement = owner.createStatement(); var rs = statement.executeQuery(
                "select tree_size, issued_at, key_id from audit_checkpoint order by tree_size")) {
            while (rs.next()) {
                stored.put(rs.getLong(1), Checkpoint.unsigned(rs.getLong(1), null, null,
                        rs.getTimestamp(2).toInstant(), rs.getString(3)));
            }
        }
        try (var update = owner.prepareStatement("update audit_checkpoint set root_hash = ?, chain_head = ?,"
                + " signature = ?, public_key = ?, frontier = ? where tree_size = ?")) {
            for (Checkpoint real : stored.values()) {
                int size = (int) real.treeSize();
                CheckpointDraft.Signed forged = CheckpointDraft.extend(MerkleFrontier.empty(),
                        hashes.subList(0, size), real.issuedAt(), real.keyId()).sign(ownKey)
                        .toCompletableFuture().get();
                update.setString(1, forged.checkpoint().rootHash());
                update.setString(2, forged.checkpoint().chainHead());
                update.setString(3, forged.checkpoint().signature());
                update.setString(4, forged.publicKey());
                update.setString(5, forged.frontier());
                update.setLong(6, size);
                update.executeUpdate();
            }
        }
    }
}
