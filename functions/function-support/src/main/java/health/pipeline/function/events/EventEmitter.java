package health.pipeline.function.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.EventTypes;
import health.pipeline.model.ports.EventPublisher;

/**
 * Wraps payloads in CloudEvents envelopes and publishes them. Plain Java, so function cores can use it and unit
 * tests can drive it with a recording publisher.
 */
public final class EventEmitter {
    public static final String AUDIT_CHANNEL = "audit-queue";

    private final EventPublisher publisher;
    private final String functionName;
    private final Clock clock;

    public EventEmitter(EventPublisher publisher, String functionName, Clock clock) {
        this.publisher = publisher;
        this.functionName = functionName;
        this.clock = clock;
    }

    public String functionName() {
        return functionName;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * @param id deterministic for the same input, so that consumers can drop a redelivered duplicate
     */
    public CompletionStage<Void> emit(String channel, String type, String id, String subject, String correlationId,
            Object data, Map<String, String> attributes) {
        return publisher.publish(channel, id, encode(type, id, subject, correlationId, data), attributes);
    }

    /** Emits to a queue, visible to its consumer only after {@code delay} (at most 15 minutes). */
    public CompletionStage<Void> emitDelayed(Duration delay, String channel, String type, String id,
            String correlationId, Object data) {
        return publisher.publishDelayed(channel, id, encode(type, id, null, correlationId, data), delay);
    }

    private String encode(String type, String id, String subject, String correlationId, Object data) {
        return EventCodec.encode(new Envelope<>(id, "urn:health-pipeline:function:" + functionName, type, subject,
                correlationId, clock.instant(), data));
    }

    /** Records an access in the audit trail (via the audit queue). */
    public CompletionStage<Void> audit(String id, String correlationId, AuditEvent event) {
        return emit(AUDIT_CHANNEL, EventTypes.AUDIT, id, event.patient(), correlationId, event, Map.of());
    }
}
