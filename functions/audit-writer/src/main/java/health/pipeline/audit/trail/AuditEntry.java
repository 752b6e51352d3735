package health.pipeline.audit.trail;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * One entry of the audit trail. {@code entry} is the canonical JSON the hash covers; the other columns repeat parts
 * of it for querying, and verification checks that they agree with it.
 */
@Entity
@Table(name = "audit_entry", indexes = { @Index(name = "audit_entry_patient", columnList = "patient"),
        @Index(name = "audit_entry_actor", columnList = "actor"),
        @Index(name = "audit_entry_occurred", columnList = "occurred_at") })
public class AuditEntry {
    /** Contiguous from 1, so a deleted entry shows as a gap. */
    @Id
    public long sequence;
    @Column(name = "event_id", nullable = false, unique = true, length = 200)
    public String eventId;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
    @Column(nullable = false, length = 100)
    public String actor;
    @Column(nullable = false, length = 50)
    public String action;
    @Column(nullable = false, length = 20)
    public String outcome;
    @Column(length = 50)
    public String purpose;
    @Column(length = 130)
    public String patient;
    @Column(name = "correlation_id", length = 200)
    public String correlationId;
    @Column(nullable = false, columnDefinition = "text")
    public String entry;
    @Column(name = "previous_hash", nullable = false, length = 64)
    public String previousHash;
    @Column(nullable = false, length = 64)
    public String hash;
}
