package health.pipeline.audit.trail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import health.pipeline.audit.reactive.AdvisoryLock;
import health.pipeline.audit.store.append.ChainLock;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.model.audit.HashChain;
import io.smallrye.mutiny.Uni;

/**
 * Appends audit events to the hash chain. One transaction per call holds a transaction-scoped advisory lock, so
 * concurrent writers (several Lambda instances, the audit API) serialise on the chain head and cannot fork it.
 * Idempotent by event id: a redelivered event is acknowledged without a second entry. A batch is one transaction
 * and one batched insert, which is what makes thousands of entries a second possible.
 */
@ApplicationScoped
public class AuditTrailWriter {
    private static final Logger LOG = Logger.getLogger(AuditTrailWriter.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Clock clock;

    /** @return true when the event was appended, false when it had been recorded before */
    public Uni<Boolean> append(Envelope<AuditEvent> event) {
        return appendAll(List.of(TrailEntry.of(event))).map(appended -> !appended.isEmpty());
    }

    /** @return the entries this call appended, in chain order */
    public Uni<List<TrailEntry.Linked>> appendAll(List<TrailEntry> entries) {
        Map<String, TrailEntry> fresh = new LinkedHashMap<>();
        entries.forEach(e -> fresh.putIfAbsent(e.eventId(), e));
        return sessions.withTransaction(session -> AdvisoryLock.hold(session, ChainLock.CHAIN_HEAD)
                .chain(locked -> session.createQuery("select e.eventId from AuditEntry e where e.eventId in :ids",
                        String.class).setParameter("ids", fresh.keySet()).getResultList())
                .chain(recorded -> {
                    new HashSet<>(recorded).forEach(id -> {
                        LOG.debugf("audit event %s already recorded", id);
                        fresh.remove(id);
                    });
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(List.<TrailEntry.Linked>of());
                    }
                    return session.createQuery("select e.sequence, e.hash from AuditEntry e order by e.sequence desc",
                            Object[].class).setMaxResults(1).getResultList()
                            .chain(head -> {
                                long sequence = head.isEmpty() ? 0 : (Long) head.get(0)[0];
                                String previous = head.isEmpty() ? HashChain.GENESIS : (String) head.get(0)[1];
                                var recordedAt = clock.instant();
                                List<TrailEntry.Linked> linked = new ArrayList<>();
                                List<AuditEntry> rows = new ArrayList<>();
                                for (TrailEntry entry : fresh.values()) {
                                    TrailEntry.Linked next = entry.linkAfter(++sequence, previous);
                                    previous = next.hash();
                                    linked.add(next);
                                    rows.add(AuditEntry.of(next, recordedAt));
                                }
                                return session.persistAll(rows.toArray()).replaceWith(linked);
                            });
                }));
    }
}
