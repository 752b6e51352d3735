package health.pipeline.audit.trail;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One entry of the audit trail. {@code entry} is the canonical JSON the hash covers; the other columns repeat parts
 * of it for querying, and verification checks that they agree with it. The table, its indexes and its append-only
 * trigger come from the versioned migrations in the audit-trail module (db/audit), not from Hibernate.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {
    /** Contiguous from 1, so a deleted entry shows as a gap. */
    @Id
    public long sequence;
    /** Lengths as migration V3 made them: as wide as the AuditEvent contract allows. */
    @Column(name = "event_id", nullable = false, unique = true, length = 256)
    public String eventId;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
    @Column(nullable = false, length = 256)
    public String actor;
    @Column(nullable = false, length = 64)
    public String action;
    @Column(nullable = false, length = 20)
    public String outcome;
    @Column(length = 50)
    public String purpose;
    @Column(length = 130)
    public String patient;
    @Column(name = "correlation_id", length = 256)
    public String correlationId;
    @Column(nullable = false, columnDefinition = "text")
    public String entry;
    @Column(name = "previous_hash", nullable = false, length = 64)
    public String previousHash;
    @Column(nullable = false, length = 64)
    public String hash;

    static AuditEntry of(health.pipeline.audit.store.entry.TrailEntry.Linked linked, Instant recordedAt) {
        var source = linked.entry();
        AuditEntry entry = new AuditEntry();
        entry.sequence = linked.sequence();
        entry.eventId = source.eventId();
        entry.occurredAt = source.occurredAt();
        entry.recordedAt = recordedAt;
        entry.actor = source.actor();
        entry.action = source.action();
        entry.outcome = source.outcome();
        entry.purpose = source.purpose();
        entry.patient = source.patient();
        entry.correlationId = source.correlationId();
        entry.entry = source.canonical();
        entry.previousHash = linked.previousHash();
        entry.hash = linked.hash();
        return entry;
    }
}
