package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.archive.ArchiveSegment;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.ports.memory.InMemoryObjectStore;

/**
 * The retention segment format and what verification makes of archived segments. The writer's archiver (Hibernate
 * Reactive, audit-writer's MaintenanceTest) stores segments exactly as {@link #archive} does here.
 */
class ArchiveSegmentTest {
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    private static AuditDatabase postgres;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("segments");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldCutWindowsOfAtMostTheSegmentSize_whenEntriesAreDue() {
        assertThat(ArchiveSegment.Range.next(0, 7, 5)).isEqualTo(new ArchiveSegment.Range(1, 5));
        assertThat(ArchiveSegment.Range.next(5, 7, 5)).isEqualTo(new ArchiveSegment.Range(6, 7));
        assertThat(ArchiveSegment.Range.next(7, 7, 5)).isNull();
    }

    @Test
    void shouldRefuseToArchive_whenAnEntryOfTheRangeIsMissing() {
        var row = new ArchiveSegment.Row(1, "e1", T0, T0, "{}", "0".repeat(64), "1".repeat(64));
        var row3 = new ArchiveSegment.Row(3, "e3", T0, T0, "{}", "1".repeat(64), "3".repeat(64));

        assertThatThrownBy(() -> ArchiveSegment.of(new ArchiveSegment.Range(1, 3), List.of(row, row3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("entries 1 to 3 are not contiguous");
    }

    @Test
    void shouldVerify_whenSegmentsAreIntactAndNameTheirFirstEntry_whenOneWasAltered() throws Exception {
        String database = postgres.freshDatabase();
        InMemoryObjectStore archive = new InMemoryObjectStore();
        try (Connection app = postgres.application(database)) {
            new JdbcTrailAppender(Clock.fixed(T0, ZoneOffset.UTC)).append(app, TrailFixtures.entries(1, 6));
            List<ArchiveSegment> segments = List.of(archive(app, archive, new ArchiveSegment.Range(1, 3)),
                    archive(app, archive, new ArchiveSegment.Range(4, 6)));
            Path archiveDir = TrailFixtures.dump(archive, "audit-archive", workDir);
            assertThat(new TrailVerifier(null, archiveDir).verify(app).valid()).isTrue();

            Path second = archiveDir.resolve(segments.get(1).objectKey());
            Files.writeString(second, Files.readString(second).replace("DEIDENTIFY", "EXPORT"));
            TrailReport report = new TrailVerifier(null, archiveDir).verify(app);

            assertThat(report.valid()).isFalse();
            assertThat(report.firstBadEntry()).isEqualTo(4);
            assertThat(report.problem()).contains("SHA-256");
        }
    }

    private static ArchiveSegment archive(Connection app, InMemoryObjectStore archive, ArchiveSegment.Range range)
            throws SQLException {
        List<ArchiveSegment.Row> rows = new ArrayList<>();
        try (var select = app.prepareStatement("select sequence, event_id, occurred_at, recorded_at, entry,"
                + " previous_hash, hash from audit_entry where sequence between ? and ? order by sequence")) {
            select.setLong(1, range.first());
            select.setLong(2, range.last());
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ArchiveSegment.Row(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        ArchiveSegment segment = ArchiveSegment.of(range, rows);
        archive.put("audit-archive", segment.objectKey(), segment.content(), ArchiveSegment.CONTENT_TYPE, null,
                segment.metadata()).toCompletableFuture().join();
        try (var insert = app.prepareStatement("insert into audit_archive_segment (first_sequence, last_sequence,"
                + " entries, sha256, object_key, archived_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, segment.firstSequence());
            insert.setLong(2, segment.lastSequence());
            insert.setLong(3, segment.entries());
            insert.setString(4, segment.sha256());
            insert.setString(5, segment.objectKey());
            insert.setTimestamp(6, Timestamp.from(T0));
            insert.executeUpdate();
        }
        return segment;
    }
}
