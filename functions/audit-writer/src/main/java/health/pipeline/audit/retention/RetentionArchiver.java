package health.pipeline.audit.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import health.pipeline.audit.reactive.AdvisoryLock;
import health.pipeline.audit.store.append.ChainLock;
import health.pipeline.audit.store.archive.ArchiveSegment;
import health.pipeline.audit.trail.AuditEntry;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.audit.reactive.SessionContext;
import io.smallrye.mutiny.Uni;

/**
 * Retention (docs/adr/0043): entries recorded longer ago than the retention period are copied into segments in the
 * audit archive (S3 Object Lock, compliance mode) and each segment is recorded in {@code audit_archive_segment}.
 * Nothing is deleted: the application role cannot, and the trigger refuses. One transaction per segment, under the
 * retention advisory lock, so that two runs never archive the same entries; a run stops after
 * {@code segments-per-run} segments so that it fits in one Lambda invocation, and says whether more are due.
 */
@ApplicationScoped
public class RetentionArchiver {
    private static final Logger LOG = Logger.getLogger(RetentionArchiver.class);
    private static final String INSERT = "insert into audit_archive_segment (first_sequence, last_sequence, entries,"
            + " sha256, object_key, archived_at) values (?1, ?2, ?3, ?4, ?5,"
            + " timestamptz 'epoch' + ?6 * interval '1 millisecond')";

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    ObjectStore archive;

    @ConfigProperty(name = "pipeline.buckets.audit-archive")
    String archiveBucket;
    @ConfigProperty(name = "pipeline.audit.retention.period", defaultValue = "P2192D")
    Duration retention;
    @ConfigProperty(name = "pipeline.audit.retention.segment-entries", defaultValue = "10000")
    int segmentEntries;
    @ConfigProperty(name = "pipeline.audit.retention.segments-per-run", defaultValue = "20")
    int segmentsPerRun;

    @Inject
    Clock clock;

    /** What one run archived, and whether entries past retention remain for the next. */
    public record Run(List<ArchiveSegment> archived, boolean moreDue) {
    }

    public Uni<Run> archivePastRetention() {
        return archiveFrom(new ArrayList<>());
    }

    private Uni<Run> archiveFrom(List<ArchiveSegment> archived) {
        if (archived.size() >= segmentsPerRun) {
            return Uni.createFrom().item(new Run(List.copyOf(archived), true));
        }
        return nextSegment().chain(segment -> {
            if (segment == null) {
                return Uni.createFrom().item(new Run(List.copyOf(archived), false));
            }
            archived.add(segment);
            return archiveFrom(archived);
        });
    }

    private Uni<ArchiveSegment> nextSegment() {
        Instant cutoff = clock.instant().minus(retention);
        return sessions.withTransaction(session -> AdvisoryLock.hold(session, ChainLock.RETENTION)
                .chain(locked -> session.createNativeQuery(
                        "select coalesce(max(last_sequence), 0) from audit_archive_segment", Long.class)
                        .getSingleResult())
                // Bounded to one segment's window of the primary key, so a large hot trail is never scanned.
                .chain(archivedUpTo -> session.createQuery("select coalesce(max(e.sequence), 0) from AuditEntry e"
                        + " where e.sequence > :from and e.sequence <= :to and e.recordedAt < :cutoff", Long.class)
                        .setParameter("from", archivedUpTo).setParameter("to", archivedUpTo + segmentEntries)
                        .setParameter("cutoff", cutoff).getSingleResult()
                        .map(lastDue -> ArchiveSegment.Range.next(archivedUpTo, lastDue, segmentEntries)))
                .chain(range -> range == null ? Uni.createFrom().nullItem() : archive(session, range)));
    }

    private Uni<ArchiveSegment> archive(Mutiny.Session session, ArchiveSegment.Range range) {
        return session.createQuery("from AuditEntry e where e.sequence >= :first and e.sequence <= :last"
                + " order by e.sequence", AuditEntry.class)
                .setParameter("first", range.first()).setParameter("last", range.last())
                .getResultList()
                .map(entries -> {
                    session.clear();
                    return ArchiveSegment.of(range, entries.stream().map(e -> new ArchiveSegment.Row(e.sequence,
                            e.eventId, e.occurredAt, e.recordedAt, e.entry, e.previousHash, e.hash)).toList());
                })
                .call(segment -> SessionContext.awaitSdk(() -> archive.put(archiveBucket, segment.objectKey(),
                        segment.content(), ArchiveSegment.CONTENT_TYPE, null, segment.metadata())))
                .call(segment -> session.createNativeQuery(INSERT)
                        .setParameter(1, segment.firstSequence())
                        .setParameter(2, segment.lastSequence())
                        .setParameter(3, segment.entries())
                        .setParameter(4, segment.sha256())
                        .setParameter(5, segment.objectKey())
                        .setParameter(6, clock.instant().toEpochMilli())
                        .executeUpdate())
                .invoke(segment -> LOG.infof("archived audit entries %d to %d past retention (%s)",
                        segment.firstSequence(), segment.lastSequence(), segment.objectKey()));
    }
}
