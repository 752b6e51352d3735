package health.pipeline.emulators.sns;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as it was accepted by {@code Publish} or {@code PublishBatch}, for inspection in tests.
 *
 * @param messageId         the MessageId returned to the publisher
 * @param topicArn          the topic it was published to
 * @param subject           the Subject, or null
 * @param message           the Message parameter exactly as published
 * @param messageStructure  "json" when published with MessageStructure=json, else null
 * @param messageAttributes the message attributes by name, in publication order
 * @param timestamp         when the emulator accepted it
 * @param deliveredTo       the subscription ARNs whose filter accepted the message and whose queue received it
 */
public record PublishedMessage(
        String messageId,
        String topicArn,
        String subject,
        String message,
        String messageStructure,
        Map<String, Attribute> messageAttributes,
        Instant timestamp,
        List<String> deliveredTo) {

    public PublishedMessage {
        messageAttributes = Map.copyOf(messageAttributes);
        deliveredTo = List.copyOf(deliveredTo);
    }

    /** The string value of an attribute, or null when the message has no such attribute. */
    public String attribute(String name) {
        Attribute attribute = messageAttributes.get(name);
        return attribute == null ? null : attribute.stringValue();
    }

    /**
     * One SNS message attribute.
     *
     * @param dataType    String, String.Array, Number or Binary (optionally with a custom ".label" suffix)
     * @param stringValue the value for String, String.Array and Number types
     * @param binaryValue the value for the Binary type (treat as read-only)
     */
    public record Attribute(String dataType, String stringValue, byte[] binaryValue) {

        public boolean isBinary() {
            return dataType.startsWith("Binary");
        }
    }
}
