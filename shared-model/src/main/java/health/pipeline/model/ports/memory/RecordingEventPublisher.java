package health.pipeline.model.ports.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import health.pipeline.model.ports.EventPublisher;

/** An EventPublisher fake that records what was published. */
public final class RecordingEventPublisher implements EventPublisher {

    public record Published(String channel, String eventId, String event, Map<String, String> attributes,
            Duration delay) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> publish(String channel, String eventId, String encodedEvent,
            Map<String, String> attributes) {
        published.add(new Published(channel, eventId, encodedEvent, Map.copyOf(attributes), Duration.ZERO));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publishDelayed(String channel, String eventId, String encodedEvent, Duration delay) {
        try {
            EventPublisher.requireQueueDelay(delay);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        published.add(new Published(channel, eventId, encodedEvent, Map.of(), delay));
        return CompletableFuture.completedFuture(null);
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    public List<Published> on(String channel) {
        return published.stream().filter(p -> p.channel().equals(channel)).toList();
    }
}
