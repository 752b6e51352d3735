package health.pipeline.model.ports;

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
}
