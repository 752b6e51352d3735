package health.pipeline.audit.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import health.pipeline.audit.trail.CheckpointOutcome;
import health.pipeline.contracts.AuditMaintenance;
import health.pipeline.contracts.EventTypes;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.ports.EventPublisher;

/**
 * The writer's requests to itself on the audit maintenance queue (docs/adr/0046). Lambda has no timer and a
 * periodic schedule would wake the database every few minutes for nothing; a delayed SQS message is a timer that
 * costs nothing while it waits and is sent only while entries wait for a checkpoint.
 */
@ApplicationScoped
public class MaintenanceRequests {
    public static final String CHANNEL = "audit-maintenance-queue";

    @Inject
    EventEmitter emitter;
    @Inject
    Clock clock;

    /**
     * Asks for the checkpoint that the time rule will make due. The delay is capped at the queue's 15 minutes;
     * a request that arrives before the checkpoint is due asks again.
     */
    public CompletionStage<Void> checkpointWhenDue(CheckpointOutcome outcome) {
        Duration untilDue = Duration.between(clock.instant(), outcome.dueAt());
        // Whole seconds, rounded up, so that the request does not arrive a moment before it is due.
        long seconds = Math.max(1, untilDue.toSeconds() + (untilDue.toNanosPart() > 0 ? 1 : 0));
        Duration delay = Duration.ofSeconds(Math.min(seconds, EventPublisher.MAX_DELAY.toSeconds()));
        String id = "audit-checkpoint-" + outcome.coveredSize() + "-" + outcome.headSize();
        return emitter.emitDelayed(delay, CHANNEL, EventTypes.AUDIT_MAINTENANCE, id, id,
                new AuditMaintenance(AuditMaintenance.CHECKPOINT));
    }

    /** Asks for the next retention run at once: the last one stopped with entries past retention left. */
    public CompletionStage<Void> moreRetention(String correlationId, long archivedUpTo) {
        return emitter.emitDelayed(Duration.ZERO, CHANNEL, EventTypes.AUDIT_MAINTENANCE,
                "audit-retention-after-" + archivedUpTo, correlationId,
                new AuditMaintenance(AuditMaintenance.RETENTION));
    }
}
