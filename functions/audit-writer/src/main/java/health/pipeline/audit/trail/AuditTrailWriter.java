package health.pipeline.audit.trail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.model.audit.CanonicalJson;
import health.pipeline.model.audit.HashChain;
import io.smallrye.mutiny.Uni;

/**
 * Appends audit events to the hash chain. One transaction per event holds a transaction-scoped advisory lock, so
 * concurrent writers (several Lambda instances) serialise on the chain head and cannot fork it. Idempotent by
 * event id: a redelivered event is acknowledged without a second entry.
 */
@ApplicationScoped
public class AuditTrailWriter {
    /** Arbitrary, fixed: the advisory lock that guards the chain head. */
    static final long CHAIN_LOCK = 7_262_031L;
    private static final Logger LOG = Logger.getLogger(AuditTrailWriter.class);

    @Inject
    Mutiny.SessionFactory sessions;

    public Uni<Boolean> append(Envelope<AuditEvent> event) {
        String canonical = canonicalEntry(event);
        return sessions.withTransaction(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(" + CHAIN_LOCK + ") as text)", String.class)
                .getSingleResult()
                .chain(locked -> session.createQuery("select count(e) from AuditEntry e where e.eventId = :id",
                        Long.class).setParameter("id", event.id()).getSingleResult())
                .chain(existing -> {
                    if (existing > 0) {
                        LOG.debugf("audit event %s already recorded", event.id());
                        return Uni.createFrom().item(false);
                    }
                    return session.createQuery("from AuditEntry e order by e.sequence desc", AuditEntry.class)
                            .setMaxResults(1).getResultList()
                            .chain(head -> {
                                AuditEntry entry = new AuditEntry();
                                entry.sequence = head.isEmpty() ? 1 : head.get(0).sequence + 1;
                                entry.previousHash = head.isEmpty() ? HashChain.GENESIS : head.get(0).hash;
                                entry.entry = canonical;
                                entry.hash = HashChain.link(entry.previousHash, canonical);
                                AuditEvent data = event.data();
                                entry.eventId = event.id();
                                entry.occurredAt = data.occurredAt() != null ? data.occurredAt() : event.time();
                                entry.recordedAt = Instant.now();
                                entry.actor = data.actor();
                                entry.action = data.action();
                                entry.outcome = data.outcome();
                                entry.purpose = data.purpose();
                                entry.patient = data.patient();
                                entry.correlationId = event.correlationId();
                                return session.persist(entry).replaceWith(true);
                            });
                }));
    }

    /** What the hash covers: the envelope's identity and the whole audit payload, canonicalised. */
    public static String canonicalEntry(Envelope<AuditEvent> event) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("eventId", event.id());
        entry.put("source", event.source());
        entry.put("type", event.type());
        entry.put("time", event.time() == null ? null : event.time().toString());
        entry.put("correlationId", event.correlationId());
        entry.put("data", EventCodec.mapper().valueToTree(event.data()));
        return CanonicalJson.of(EventCodec.mapper().valueToTree(entry));
    }
}
