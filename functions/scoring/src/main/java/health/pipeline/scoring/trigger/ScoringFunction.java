package health.pipeline.scoring.trigger;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.function.events.Correlation;
import health.pipeline.function.events.MessageHandling;
import health.pipeline.scoring.notify.RecordScoring;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** The Lambda trigger: one SQS message of the scoring queue holds one RecordsDeidentified event. */
public class ScoringFunction {

    @Inject
    RecordScoring scoring;

    @Funq("score")
    public Uni<Void> score(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            var envelope = EventCodec.decode(message.getBody(), RecordsDeidentified.class);
            Correlation.set(envelope.correlationId());
            return scoring.score(envelope.data(), envelope.correlationId());
        });
    }
}
