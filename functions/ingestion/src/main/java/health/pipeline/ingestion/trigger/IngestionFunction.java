package health.pipeline.ingestion.trigger;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

import health.pipeline.function.events.MessageHandling;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.ObjectCreated;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * The Lambda trigger: one SQS message of the ingest queue holds one S3 event notification. Funqy's advanced event
 * handling calls this once per message and turns a failed Uni into a batch item failure, so only that message is
 * retried (and, after maxReceiveCount, dead-lettered).
 */
public class IngestionFunction {

    @Inject
    FileIngestion ingestion;

    @Funq("ingest")
    public Uni<Void> ingest(SQSMessage message) {
        return MessageHandling.handle(message.getMessageId(), () -> {
            java.util.concurrent.CompletableFuture<?> all = java.util.concurrent.CompletableFuture.completedFuture(null);
            for (ObjectCreated object : ObjectCreated.parse(message.getBody())) {
                all = all.thenCompose(previous -> ingestion.ingest(object));
            }
            return all;
        });
    }
}
