package health.pipeline.audit.store;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.checkpoint.CheckpointPolicy;
import health.pipeline.audit.store.checkpoint.JdbcCheckpointWriter;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;

/**
 * Writes a trail of {@code entries} in batches of five with checkpoints every ten entries and one at the end. Public
 * for the end-to-end test of the packaged audit API (test-jar).
 */
public final class SignedTrail {
    public static final String ARCHIVE = "audit-archive";
    public static final String KEY = "arn:aws:kms:eu-west-1:000000000000:key/audit-signing";
    public final InMemorySigner signer = new InMemorySigner();
    /** The audit archive the checkpoints were written to, bucket {@link #ARCHIVE}. */
    public final InMemoryObjectStore archive = new InMemoryObjectStore();
    final List<Checkpoint> checkpoints = new ArrayList<>();

    public SignedTrail write(Connection app, int entries) throws Exception {
        var appender = new JdbcTrailAppender(Clock.systemUTC());
        var everyTen = new JdbcCheckpointWriter(signer, archive, ARCHIVE, KEY,
                new CheckpointPolicy(10, Duration.ofHours(1)), Clock.systemUTC());
        for (int first = 1; first <= entries; first += 5) {
            appender.append(app, TrailFixtures.entries(first, Math.min(5, entries - first + 1)));
            Checkpoint made = everyTen.checkpointIfDue(app);
            if (made != null) {
                checkpoints.add(made);
            }
        }
        Checkpoint last = new JdbcCheckpointWriter(signer, archive, ARCHIVE, KEY,
                new CheckpointPolicy(1, Duration.ofHours(1)), Clock.systemUTC()).checkpointIfDue(app);
        if (last != null) {
            checkpoints.add(last);
        }
        return this;
    }
}
