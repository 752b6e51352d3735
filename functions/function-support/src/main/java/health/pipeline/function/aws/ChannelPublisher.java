package health.pipeline.function.aws;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import health.pipeline.model.ports.EventPublisher;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The EventPublisher port on SQS and SNS. Each logical channel of the AsyncAPI document is configured as
 * {@code pipeline.channels.<channel>=sqs:<queue url>} or {@code sns:<topic arn>}; a channel without configuration is
 * an error, never a silent drop.
 */
@ApplicationScoped
public class ChannelPublisher implements EventPublisher {
    private final SqsAsyncClient sqs;
    private final SnsAsyncClient sns;
    /** Concurrent: a batch's messages publish from the SDK's threads at once (a HashMap threw here under load). */
    private final Map<String, String> targets = new ConcurrentHashMap<>();

    ChannelPublisher(SqsAsyncClient sqs, SnsAsyncClient sns) {
        this.sqs = sqs;
        this.sns = sns;
    }

    @Override
    public CompletionStage<Void> publish(String channel, String eventId, String encodedEvent,
            Map<String, String> attributes) {
        String target = target(channel);
        if (target.startsWith("sqs:")) {
            Map<String, MessageAttributeValue> sqsAttributes = new HashMap<>();
            attributes.forEach((name, value) -> sqsAttributes.put(name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
            return sqs.sendMessage(b -> b.queueUrl(target.substring(4)).messageBody(encodedEvent)
                    .messageAttributes(sqsAttributes)).thenApply(r -> null);
        }
        if (target.startsWith("sns:")) {
            Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes = new HashMap<>();
            attributes.forEach((name, value) -> snsAttributes.put(name,
                    software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder().dataType("String")
                            .stringValue(value).build()));
            return sns.publish(b -> b.topicArn(target.substring(4)).message(encodedEvent)
                    .messageAttributes(snsAttributes)).thenApply(r -> null);
        }
        return noTarget(channel);
    }

    @Override
    public CompletionStage<Void> publishDelayed(String channel, String eventId, String encodedEvent, Duration delay) {
        try {
            EventPublisher.requireQueueDelay(delay);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String target = target(channel);
        if (target.startsWith("sqs:")) {
            return sqs.sendMessage(b -> b.queueUrl(target.substring(4)).messageBody(encodedEvent)
                    .delaySeconds((int) delay.toSeconds())).thenApply(r -> null);
        }
        if (target.startsWith("sns:")) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "channel '" + channel + "' is a topic, and topics cannot delay a message"));
        }
        return noTarget(channel);
    }

    private String target(String channel) {
        return targets.computeIfAbsent(channel, name -> ConfigProvider.getConfig()
                .getOptionalValue("pipeline.channels." + name, String.class).orElse(""));
    }

    private static CompletionStage<Void> noTarget(String channel) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "channel '" + channel + "' has no target: set pipeline.channels." + channel + "=sqs:<url>|sns:<arn>"));
    }
}
