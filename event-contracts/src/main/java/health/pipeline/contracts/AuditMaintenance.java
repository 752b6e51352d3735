package health.pipeline.contracts;

/**
 * A request to the audit writer to do work that no audit event triggers: sign the checkpoint that has fallen due
 * ({@value #CHECKPOINT}, sent by the writer to itself, delayed) or archive the entries past retention
 * ({@value #RETENTION}, sent daily by the retention schedule). Carries no entry and no PHI.
 */
public record AuditMaintenance(String task) {
    public static final String CHECKPOINT = "checkpoint";
    public static final String RETENTION = "retention";
}
