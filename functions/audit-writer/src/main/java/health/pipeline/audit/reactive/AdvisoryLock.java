package health.pipeline.audit.reactive;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** Transaction-scoped PostgreSQL advisory locks (the keys are in audit-trail's {@code ChainLock}). */
public final class AdvisoryLock {
    private AdvisoryLock() {
    }

    /** Waits for the lock; it is released when the session's transaction ends. */
    public static Uni<Void> hold(Mutiny.Session session, long key) {
        return session.createNativeQuery("select cast(pg_advisory_xact_lock(" + key + ") as text)", String.class)
                .getSingleResult().replaceWithVoid();
    }
}
