package health.pipeline.audit.trail;

import java.time.Instant;

import health.pipeline.model.audit.Checkpoint;

/**
 * What a checkpoint attempt found and did.
 *
 * @param made        the checkpoint signed now, or null when none was due
 * @param coveredSize how many entries the newest signed checkpoint covers after this attempt
 * @param headSize    the trail's length this attempt saw
 * @param dueAt       when the entries no checkpoint covers fall due by time; null when there are none
 */
public record CheckpointOutcome(Checkpoint made, long coveredSize, long headSize, Instant dueAt) {

    /** Entries that no signed checkpoint covers yet. */
    public long pending() {
        return headSize - coveredSize;
    }
}
