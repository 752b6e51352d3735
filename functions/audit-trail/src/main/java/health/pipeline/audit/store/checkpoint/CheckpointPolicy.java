package health.pipeline.audit.store.checkpoint;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next signed checkpoint is due: every {@code everyEntries} entries, or once {@code every} has passed since
 * the last one and there is anything new. Lambda has no timer: the time rule is evaluated whenever an event
 * arrives, and by the delayed checkpoint request the writer sends itself while entries wait (docs/adr/0046).
 */
public record CheckpointPolicy(long everyEntries, Duration every) {

    public CheckpointPolicy {
        if (everyEntries < 1 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("a checkpoint policy needs everyEntries >= 1 and a positive interval");
        }
    }

    /**
     * @param lastSize tree size of the last checkpoint (0 when there is none)
     * @param since    when the last checkpoint was issued, or when the first entry was recorded if there is none
     * @param headSize the trail's current length
     */
    public boolean due(long lastSize, Instant since, long headSize, Instant now) {
        if (headSize <= lastSize) {
            return false;
        }
        return headSize - lastSize >= everyEntries || !now.isBefore(dueAt(since, now));
    }

    /** When the time rule makes new entries due: {@code every} after {@code since}, or now when there is none. */
    public Instant dueAt(Instant since, Instant now) {
        return since == null ? now : since.plus(every);
    }
}
