package health.pipeline.audit.trigger;

import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.audit.trail.CheckpointWriter;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.function.events.Correlation;
import health.pipeline.function.events.MessageHandling;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The Lambda trigger: one SQS message of the audit queue holds one AuditEvent. Hibernate Reactive needs a Vert.x
 * context, which Lambda's invocation thread does not have: the append runs on one and this thread awaits it. Once
 * the entry is committed a due checkpoint is made; if that fails the entry stays (it is safely chained) and the
 * checkpoint, still due, is made with the next event.
 */
public class AuditWriterFunction {
    private static final Logger LOG = Logger.getLogger(AuditWriterFunction.class);

    @Inject
    AuditTrailWriter writer;
    @Inject
    CheckpointWriter checkpoints;

    @Funq("audit")
    public Uni<Void> audit(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            var event = EventCodec.decode(message.getBody(), AuditEvent.class);
            Correlation.set(event.correlationId());
            try {
                VertxContextSupport.subscribeAndAwait(() -> writer.append(event));
            } catch (Throwable e) {
                throw new IllegalStateException("audit event " + event.id() + " could not be recorded: " + e, e);
            }
            try {
                VertxContextSupport.subscribeAndAwait(() -> checkpoints.checkpointIfDue());
            } catch (Throwable e) {
                LOG.errorf("audit checkpoint failed and stays due: %s: %s", e.getClass().getName(), e.getMessage());
            }
            return CompletableFuture.completedFuture(null);
        });
    }
}
