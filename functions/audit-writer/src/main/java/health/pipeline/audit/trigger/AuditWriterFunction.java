package health.pipeline.audit.trigger;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.function.events.Correlation;
import health.pipeline.function.events.MessageHandling;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The Lambda trigger: one SQS message of the audit queue holds one AuditEvent. Hibernate Reactive needs a Vert.x
 * context, which Lambda's invocation thread does not have: the append runs on one and this thread awaits it.
 */
public class AuditWriterFunction {

    @Inject
    AuditTrailWriter writer;

    @Funq("audit")
    public Uni<Void> audit(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            var event = EventCodec.decode(message.getBody(), AuditEvent.class);
            Correlation.set(event.correlationId());
            try {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        VertxContextSupport.subscribeAndAwait(() -> writer.append(event)));
            } catch (Throwable e) {
                throw new IllegalStateException("audit event " + event.id() + " could not be recorded: " + e, e);
            }
        });
    }
}
