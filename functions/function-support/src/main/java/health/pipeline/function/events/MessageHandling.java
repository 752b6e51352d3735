package health.pipeline.function.events;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Runs the handling of one queue message and logs its failure before Funqy turns it into a batch item failure.
 * Only the exception's type and message are logged: both are written PHI-free in this code base (they name
 * references, codes and fields, never content), while stack traces of third-party code could echo values.
 */
public final class MessageHandling {
    private static final Logger LOG = Logger.getLogger(MessageHandling.class);

    private MessageHandling() {
    }

    /** @param work decodes the message and starts its handling; may set a better correlation id than the message id */
    public static Uni<Void> handle(String messageId, Supplier<CompletionStage<?>> work) {
        Correlation.set(messageId);
        return Uni.createFrom().completionStage(() -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
        }).replaceWithVoid().onFailure().invoke(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.errorf("message %s failed and will be retried: %s: %s", messageId, cause.getClass().getName(),
                    cause.getMessage());
        });
    }
}
