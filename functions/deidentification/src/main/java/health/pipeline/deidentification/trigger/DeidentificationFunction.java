package health.pipeline.deidentification.trigger;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.deidentification.records.RecordDeidentification;
import health.pipeline.function.events.Correlation;
import health.pipeline.function.events.MessageHandling;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/** The Lambda trigger: one SQS message of the deidentify queue holds one RecordsIngested event. */
public class DeidentificationFunction {

    @Inject
    RecordDeidentification deidentification;

    @Funq("deidentify")
    public Uni<Void> deidentify(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            var envelope = EventCodec.decode(message.getBody(), RecordsIngested.class);
            Correlation.set(envelope.correlationId());
            return deidentification.deidentify(envelope.data(), envelope.correlationId());
        });
    }
}
