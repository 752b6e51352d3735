package health.pipeline.scoring.trigger;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.ModelPromoted;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.function.events.Correlation;
import health.pipeline.function.events.MessageHandling;
import health.pipeline.scoring.governance.ModelPromotion;
import health.pipeline.scoring.notify.RecordScoring;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * The Lambda trigger. Two queues feed it through two event source mappings: the scoring queue (RecordsDeidentified)
 * and the model-governance queue (ModelPromoted). One function, so that the process holding the models is the one
 * that verifies and switches them; the CloudEvent type decides which core handles a message.
 */
public class ScoringFunction {

    @Inject
    RecordScoring scoring;

    @Inject
    ModelPromotion promotion;

    @Funq("score")
    public Uni<Void> score(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            var envelope = EventCodec.decode(message.getBody());
            Correlation.set(envelope.correlationId());
            return switch (envelope.type()) {
                case EventTypes.RECORDS_DEIDENTIFIED ->
                    scoring.score((RecordsDeidentified) envelope.data(), envelope.correlationId());
                case EventTypes.MODEL_PROMOTED ->
                    promotion.apply((ModelPromoted) envelope.data(), envelope.id(), envelope.correlationId());
                default -> throw new IllegalArgumentException("event type " + envelope.type()
                        + " is not handled by the scoring function");
            };
        });
    }
}
