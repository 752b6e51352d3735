package health.pipeline.audit.store.entry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.model.audit.CanonicalJson;
import health.pipeline.model.audit.HashChain;

/**
 * One audit event as the trail stores it, before it is linked: the canonical JSON the hash covers and the
 * queryable columns taken from it. The writer and the audit API both build entries here, so both hash the same way.
 */
public record TrailEntry(String eventId, Instant occurredAt, String actor, String action, String outcome,
        String purpose, String patient, String correlationId, String canonical) {

    public static TrailEntry of(Envelope<AuditEvent> event) {
        AuditEvent data = event.data();
        return new TrailEntry(event.id(), data.occurredAt() != null ? data.occurredAt() : event.time(), data.actor(),
                data.action(), data.outcome(), data.purpose(), data.patient(), event.correlationId(),
                canonicalEntry(event));
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

    /** This entry as entry {@code sequence} of the chain, after the entry whose hash is {@code previousHash}. */
    public Linked linkAfter(long sequence, String previousHash) {
        return new Linked(this, sequence, previousHash, HashChain.link(previousHash, canonical));
    }

    public record Linked(TrailEntry entry, long sequence, String previousHash, String hash) {
    }
}
