package health.pipeline.emulators.sns;

import java.time.Instant;

/**
 * A delivery to a subscriber that failed (for example, the SQS queue does not exist). AWS would retry and then drop
 * the message or send it to the subscription's dead-letter queue; the emulator records it here and drops it.
 */
public record DeliveryFailure(String subscriptionArn, String messageId, String endpoint, String error, Instant at) {
}
