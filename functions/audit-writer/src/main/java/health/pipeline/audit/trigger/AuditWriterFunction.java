package health.pipeline.audit.trigger;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.audit.trail.CheckpointWriter;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.function.events.Correlation;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The Lambda trigger: a batch of the audit queue, one AuditEvent per message. Every decodable event of the batch is
 * appended in one transaction; a message that does not decode is reported as a batch item failure alone, and if the
 * append fails every decodable message is reported (nothing of the batch was committed). Hibernate Reactive needs a
 * Vert.x context, which Lambda's invocation thread does not have: the append runs on one and this thread awaits it.
 * Once the entries are committed a due checkpoint is made; if that fails the entries stay (they are safely chained)
 * and the checkpoint, still due, is made with the next batch.
 */
public class AuditWriterFunction {
    private static final Logger LOG = Logger.getLogger(AuditWriterFunction.class);

    @Inject
    AuditTrailWriter writer;
    @Inject
    CheckpointWriter checkpoints;

    @Funq("audit")
    public SqsBatch.Response audit(SqsBatch batch) {
        List<SqsBatch.ItemFailure> failures = new ArrayList<>();
        List<TrailEntry> entries = new ArrayList<>();
        List<String> appended = new ArrayList<>();
        for (SqsBatch.Message message : batch.records() == null ? List.<SqsBatch.Message>of() : batch.records()) {
            try {
                var event = EventCodec.decode(message.body(), AuditEvent.class);
                entries.add(TrailEntry.of(event));
                appended.add(message.messageId());
            } catch (RuntimeException e) {
                // The codec's messages name fields and rules, never values.
                LOG.errorf("message %s is not an audit event and will be retried: %s", message.messageId(),
                        e.getMessage());
                failures.add(new SqsBatch.ItemFailure(message.messageId()));
            }
        }
        if (!entries.isEmpty()) {
            Correlation.set(appended.get(0));
            try {
                VertxContextSupport.subscribeAndAwait(() -> writer.appendAll(entries));
            } catch (Throwable e) {
                LOG.errorf("%d audit events could not be recorded and will be retried: %s: %s", entries.size(),
                        e.getClass().getName(), e.getMessage());
                appended.forEach(id -> failures.add(new SqsBatch.ItemFailure(id)));
                return new SqsBatch.Response(failures);
            }
            try {
                VertxContextSupport.subscribeAndAwait(() -> checkpoints.checkpointIfDue());
            } catch (Throwable e) {
                LOG.errorf("audit checkpoint failed and stays due: %s: %s", e.getClass().getName(), e.getMessage());
            }
        }
        return new SqsBatch.Response(failures);
    }
}
