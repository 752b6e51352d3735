package health.pipeline.model.ports;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Publishes an already-encoded event to a logical channel (a queue or a topic named in the AsyncAPI document).
 * The stage completes only once the broker has accepted the message.
 */
public interface EventPublisher {

    /**
     * @param attributes message attributes for subscription filtering; never PHI
     */
    CompletionStage<Void> publish(String channel, String eventId, String encodedEvent, Map<String, String> attributes);

    /** The longest delay a queue accepts (SQS DelaySeconds). */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    /**
     * Publishes to a queue so that the message becomes visible only after {@code delay}, a timer that needs nothing
     * running meanwhile. Topics cannot delay.
     *
     * @param delay between zero and {@link #MAX_DELAY}
     */
    CompletionStage<Void> publishDelayed(String channel, String eventId, String encodedEvent, Duration delay);

    /** @throws IllegalArgumentException unless {@code delay} is between zero and {@link #MAX_DELAY} */
    static void requireQueueDelay(Duration delay) {
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("a delay must be 0 to 15 minutes, not " + delay);
        }
    }
}
