package health.pipeline.audit.trigger;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.AuditMaintenance;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;

/**
 * A batch from either of the writer's queues, sorted by what it asks for: audit events to append, checkpoint and
 * retention requests, and messages that are neither (reported as batch item failures, so that they are retried and
 * then dead-lettered, never dropped).
 */
record SortedBatch(List<TrailEntry> entries, List<String> entryMessages, List<String> checkpointMessages,
        List<String> retentionMessages, String retentionCorrelation, List<String> undecodable) {
    private static final Logger LOG = Logger.getLogger(SortedBatch.class);

    static SortedBatch of(SqsBatch batch) {
        List<TrailEntry> entries = new ArrayList<>();
        List<String> entryMessages = new ArrayList<>();
        List<String> checkpointMessages = new ArrayList<>();
        List<String> retentionMessages = new ArrayList<>();
        List<String> undecodable = new ArrayList<>();
        String retentionCorrelation = null;
        for (SqsBatch.Message message : batch.records() == null ? List.<SqsBatch.Message>of() : batch.records()) {
            try {
                Envelope<?> event = EventCodec.decode(message.body());
                if (event.data() instanceof AuditEvent) {
                    @SuppressWarnings("unchecked")
                    Envelope<AuditEvent> audit = (Envelope<AuditEvent>) event;
                    entries.add(TrailEntry.of(audit));
                    entryMessages.add(message.messageId());
                } else if (event.data() instanceof AuditMaintenance maintenance) {
                    if (AuditMaintenance.RETENTION.equals(maintenance.task())) {
                        retentionMessages.add(message.messageId());
                        retentionCorrelation = event.correlationId();
                    } else {
                        checkpointMessages.add(message.messageId());
                    }
                } else {
                    throw new IllegalArgumentException("event type '" + event.type() + "' is not for the audit writer");
                }
            } catch (RuntimeException e) {
                // The codec's messages name fields and rules, never values.
                LOG.errorf("message %s is neither an audit event nor a maintenance request and will be retried: %s",
                        message.messageId(), e.getMessage());
                undecodable.add(message.messageId());
            }
        }
        return new SortedBatch(entries, entryMessages, checkpointMessages, retentionMessages, retentionCorrelation,
                undecodable);
    }

    boolean isEmpty() {
        return entries.isEmpty() && checkpointMessages.isEmpty() && retentionMessages.isEmpty();
    }
}
