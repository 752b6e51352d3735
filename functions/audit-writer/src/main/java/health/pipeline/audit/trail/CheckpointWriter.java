package health.pipeline.audit.trail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import health.pipeline.audit.reactive.AdvisoryLock;
import health.pipeline.audit.store.append.ChainLock;
import health.pipeline.audit.store.checkpoint.CheckpointDraft;
import health.pipeline.audit.store.checkpoint.CheckpointPolicy;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.MerkleFrontier;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.ports.Signer;
import health.pipeline.audit.reactive.SessionContext;
import io.smallrye.mutiny.Uni;

/**
 * Makes the next signed checkpoint when the policy says it is due: extends the Merkle tree from the last
 * checkpoint's frontier with the chain hashes since, signs it with the audit signing key (KMS Sign), writes it to the
 * audit archive (S3 Object Lock) and then records it in the database, all under the checkpoint advisory lock so that
 * two writers never sign two different checkpoints of the same size.
 */
@ApplicationScoped
public class CheckpointWriter {
    private static final Logger LOG = Logger.getLogger(CheckpointWriter.class);
    private static final String INSERT = "insert into audit_checkpoint (tree_size, root_hash, chain_head, issued_at,"
            + " key_id, algorithm, signature, public_key, frontier, object_key) values (?1, ?2, ?3,"
            + " timestamptz 'epoch' + ?4 * interval '1 millisecond', ?5, ?6, ?7, ?8, ?9, ?10)";

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Signer signer;
    @Inject
    ObjectStore archive;

    @ConfigProperty(name = "pipeline.buckets.audit-archive")
    String archiveBucket;
    @ConfigProperty(name = "pipeline.keys.audit-signing")
    String signingKey;
    @ConfigProperty(name = "pipeline.audit.checkpoint.every-entries", defaultValue = "1000")
    long everyEntries;
    @ConfigProperty(name = "pipeline.audit.checkpoint.every", defaultValue = "PT5M")
    Duration every;

    @Inject
    Clock clock;

    /** Signs the next checkpoint if it is due, and says what still waits for one. */
    public Uni<CheckpointOutcome> checkpointIfDue() {
        CheckpointPolicy policy = new CheckpointPolicy(everyEntries, every);
        return sessions.withTransaction(session -> AdvisoryLock.hold(session, ChainLock.CHECKPOINT)
                .chain(locked -> session.createNativeQuery("select tree_size, frontier,"
                        + " cast(extract(epoch from issued_at) * 1000 as bigint) from audit_checkpoint"
                        + " order by tree_size desc limit 1", Object[].class).getResultList())
                // Both by primary key: the head, and when the trail began (the first entry's time stands in for
                // "the last checkpoint" before there is one).
                .chain(last -> session.createNativeQuery("select coalesce(max(sequence), 0), (select cast(extract("
                        + "epoch from recorded_at) * 1000 as bigint) from audit_entry where sequence = 1)"
                        + " from audit_entry", Object[].class).getSingleResult()
                        .chain(head -> {
                            MerkleFrontier frontier = last.isEmpty() ? MerkleFrontier.empty()
                                    : MerkleFrontier.decode(number(last.get(0)[0]), (String) last.get(0)[1]);
                            Object since = last.isEmpty() ? head[1] : last.get(0)[2];
                            long headSize = number(head[0]);
                            Instant now = clock.instant();
                            Instant sinceTime = since == null ? null : Instant.ofEpochMilli(number(since));
                            if (!policy.due(frontier.size(), sinceTime, headSize, now)) {
                                return Uni.createFrom().item(new CheckpointOutcome(null, frontier.size(), headSize,
                                        headSize > frontier.size() ? policy.dueAt(sinceTime, now) : null));
                            }
                            return session.createQuery("select e.hash from AuditEntry e where e.sequence > :from"
                                    + " and e.sequence <= :to order by e.sequence", String.class)
                                    .setParameter("from", frontier.size()).setParameter("to", headSize)
                                    .getResultList()
                                    .chain(hashes -> signArchiveAndRecord(session, frontier, hashes, now))
                                    .map(made -> new CheckpointOutcome(made, made.treeSize(), headSize, null));
                        })));
    }

    private Uni<Checkpoint> signArchiveAndRecord(Mutiny.Session session, MerkleFrontier frontier, List<String> hashes,
            Instant now) {
        CheckpointDraft draft = CheckpointDraft.extend(frontier, hashes, now, signingKey);
        return SessionContext.awaitSdk(() -> draft.sign(signer)
                .thenCompose(signed -> archive.put(archiveBucket, signed.checkpoint().objectKey(),
                        signed.checkpoint().toJsonBytes(), "application/json", null,
                        Map.of("tree-size", Long.toString(signed.checkpoint().treeSize()))).thenApply(put -> signed)))
                .chain(signed -> {
                    Checkpoint checkpoint = signed.checkpoint();
                    return session.createNativeQuery(INSERT)
                            .setParameter(1, checkpoint.treeSize())
                            .setParameter(2, checkpoint.rootHash())
                            .setParameter(3, checkpoint.chainHead())
                            .setParameter(4, checkpoint.issuedAt().toEpochMilli())
                            .setParameter(5, checkpoint.keyId())
                            .setParameter(6, checkpoint.algorithm())
                            .setParameter(7, checkpoint.signature())
                            .setParameter(8, signed.publicKey())
                            .setParameter(9, signed.frontier())
                            .setParameter(10, checkpoint.objectKey())
                            .executeUpdate()
                            .invoke(() -> LOG.infof("signed audit checkpoint %d (%s)", checkpoint.treeSize(),
                                    checkpoint.objectKey()))
                            .replaceWith(checkpoint);
                });
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
