package health.pipeline.audit.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import health.pipeline.audit.maintenance.MaintenanceRequests;
import health.pipeline.audit.retention.RetentionArchiver;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.audit.trail.CheckpointOutcome;
import health.pipeline.audit.trail.CheckpointWriter;
import health.pipeline.function.events.Correlation;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The Lambda trigger of both of the writer's queues: the audit queue (one AuditEvent per message) and the audit
 * maintenance queue (checkpoint and retention requests, docs/adr/0046).
 *
 * <p>Every decodable event of a batch is appended in one transaction; a message that does not decode is reported as
 * a batch item failure alone. If the batch's append fails, its events are appended one by one and only those that
 * still fail are reported, so one event the database refuses never sends its neighbours to the dead-letter queue.
 * Then a due checkpoint is made; if that fails the entries stay (they are safely chained) and the checkpoint, still
 * due, is made later. When a batch starts a run of entries that no checkpoint covers and that are not due yet, the
 * writer sends itself a delayed checkpoint request, so that the "every T" rule holds without a timer and without
 * waking the database while the trail is idle. Hibernate Reactive needs a Vert.x context, which Lambda's invocation
 * thread does not have: the work runs on one and this thread awaits it.
 */
public class AuditWriterFunction {
    private static final Logger LOG = Logger.getLogger(AuditWriterFunction.class);

    @Inject
    AuditTrailWriter writer;
    @Inject
    CheckpointWriter checkpoints;
    @Inject
    RetentionArchiver retention;
    @Inject
    MaintenanceRequests requests;

    @Funq("audit")
    public SqsBatch.Response audit(SqsBatch batch) {
        SortedBatch work = SortedBatch.of(batch);
        Correlation.set(batch.records() == null || batch.records().isEmpty() ? null
                : batch.records().get(0).messageId());
        List<String> failed = new ArrayList<>(work.undecodable());
        if (work.isEmpty()) {
            return SqsBatch.Response.failing(failed);
        }
        List<TrailEntry.Linked> appended = work.entries().isEmpty() ? List.of() : appendIsolatingFailures(work, failed);
        if (!work.retentionMessages().isEmpty()) {
            Correlation.set(work.retentionCorrelation());
            try {
                archivePastRetention(work.retentionCorrelation());
            } catch (RuntimeException e) {
                LOG.errorf("retention archiving failed and will be retried: %s", describe(e));
                failed.addAll(work.retentionMessages());
            }
        }
        if (!checkpointAndRequestTheNext(appended, !work.checkpointMessages().isEmpty())) {
            failed.addAll(work.checkpointMessages());
        }
        return SqsBatch.Response.failing(failed);
    }

    /**
     * The fast path appends the whole batch in one transaction (ADR 0045). When that fails nothing was committed, so
     * each event is appended again in its own transaction, in batch order: only the events the database still refuses
     * are reported, and their neighbours are committed once, each linked to the head as it then is (ADR 0075).
     *
     * @return the entries appended, in chain order
     */
    private List<TrailEntry.Linked> appendIsolatingFailures(SortedBatch work, List<String> failed) {
        try {
            return await(() -> writer.appendAll(work.entries()));
        } catch (RuntimeException batchFailure) {
            if (work.entries().size() == 1) {
                LOG.errorf("the audit event in message %s could not be recorded and will be retried: %s",
                        work.entryMessages().get(0), describe(batchFailure));
                failed.addAll(work.entryMessages());
                return List.of();
            }
            LOG.warnf("a batch of %d audit events could not be recorded together; recording them one by one: %s",
                    work.entries().size(), describe(batchFailure));
        }
        List<TrailEntry.Linked> appended = new ArrayList<>();
        for (int i = 0; i < work.entries().size(); i++) {
            List<TrailEntry> one = List.of(work.entries().get(i));
            try {
                appended.addAll(await(() -> writer.appendAll(one)));
            } catch (RuntimeException e) {
                LOG.errorf("the audit event in message %s could not be recorded and will be retried: %s",
                        work.entryMessages().get(i), describe(e));
                failed.add(work.entryMessages().get(i));
            }
        }
        return appended;
    }

    /** @return false when a checkpoint request of this batch must be retried */
    private boolean checkpointAndRequestTheNext(List<TrailEntry.Linked> appended, boolean requested) {
        CheckpointOutcome outcome;
        try {
            outcome = await(() -> checkpoints.checkpointIfDue());
        } catch (RuntimeException e) {
            // The entries are committed and chained; only their signed checkpoint waits.
            LOG.errorf("audit checkpoint failed and stays due: %s", describe(e));
            return false;
        }
        boolean startedWaiting = !appended.isEmpty() && appended.get(0).sequence() == outcome.coveredSize() + 1;
        if (outcome.pending() == 0 || !(startedWaiting || requested)) {
            return true;
        }
        try {
            requests.checkpointWhenDue(outcome).toCompletableFuture().join();
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("the checkpoint due at %s could not be requested; the next batch or retention run makes it: %s",
                    outcome.dueAt(), describe(e));
            return false;
        }
    }

    private void archivePastRetention(String correlationId) {
        RetentionArchiver.Run run = await(() -> retention.archivePastRetention());
        LOG.infof("retention run archived %d segments%s", run.archived().size(),
                run.moreDue() ? "; more are due and were requested" : "");
        if (run.moreDue()) {
            long archivedUpTo = run.archived().get(run.archived().size() - 1).lastSequence();
            requests.moreRetention(correlationId, archivedUpTo).toCompletableFuture().join();
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exception class and message: the database and AWS errors name statements and codes, not entry contents. */
    private static String describe(Throwable e) {
        Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getName() + ": " + cause.getMessage();
    }
}
