package health.pipeline.audit.reactive;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * AWS SDK calls complete on the SDK's threads, but a Hibernate Reactive session may only be used on the Vert.x
 * context it was opened on: this brings the result back there.
 */
public final class SessionContext {
    private SessionContext() {
    }

    /** Calls {@code sdkCall} and emits its result on the caller's Vert.x context. */
    public static <T> Uni<T> awaitSdk(Supplier<CompletionStage<T>> sdkCall) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(sdkCall)
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
