package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.archive.RetentionArchiver;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.util.Hashes;

class RetentionArchiverTest {
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    private static AuditDatabase postgres;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("retention");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldArchiveOnlyEntriesPastRetentionAndDeleteNothing_whenRunTwice() throws Exception {
        String database = postgres.freshDatabase();
        InMemoryObjectStore archive = new InMemoryObjectStore();
        try (Connection app = postgres.application(database)) {
            new JdbcTrailAppender(Clock.fixed(T0, ZoneOffset.UTC)).append(app, TrailFixtures.entries(1, 7));
            new JdbcTrailAppender(Clock.fixed(T0.plus(Duration.ofDays(400)), ZoneOffset.UTC))
                    .append(app, TrailFixtures.entries(8, 3));
            var archiver = new RetentionArchiver(archive, "audit-archive", Duration.ofDays(6 * 365 + 2), 5,
                    Clock.fixed(T0.plus(Duration.ofDays(6 * 365 + 100)), ZoneOffset.UTC));

            var segments = archiver.archivePastRetention(app);

            assertThat(segments).extracting(RetentionArchiver.Segment::firstSequence, RetentionArchiver.Segment::lastSequence)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 5L), org.assertj.core.groups.Tuple.tuple(6L, 7L));
            assertThat(archiver.archivePastRetention(app)).isEmpty();
            var stored = archive.bucket("audit-archive").get(segments.get(1).objectKey());
            assertThat(Hashes.sha256Hex(stored.content())).isEqualTo(segments.get(1).sha256());
            assertThat(new String(stored.content(), StandardCharsets.UTF_8).lines()).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("\"hash\""));
            try (var statement = app.createStatement();
                    var rs = statement.executeQuery("select count(*) from audit_entry")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(10);
            }
            Path archiveDir = TrailFixtures.dump(archive, "audit-archive", workDir);
            assertThat(new TrailVerifier(null, archiveDir).verify(app).valid()).isTrue();
        }
    }

    @Test
    void shouldNameTheFirstEntryOfTheSegment_whenAnArchivedSegmentWasAltered() throws Exception {
        String database = postgres.freshDatabase();
        InMemoryObjectStore archive = new InMemoryObjectStore();
        try (Connection app = postgres.application(database)) {
            new JdbcTrailAppender(Clock.fixed(T0, ZoneOffset.UTC)).append(app, TrailFixtures.entries(1, 6));
            var segments = new RetentionArchiver(archive, "audit-archive", Duration.ofDays(1), 3,
                    Clock.fixed(T0.plus(Duration.ofDays(2)), ZoneOffset.UTC)).archivePastRetention(app);
            Path archiveDir = TrailFixtures.dump(archive, "audit-archive", workDir);
            Path second = archiveDir.resolve(segments.get(1).objectKey());
            Files.writeString(second, Files.readString(second).replace("DEIDENTIFY", "EXPORT"));

            TrailReport report = new TrailVerifier(null, archiveDir).verify(app);

            assertThat(report.valid()).isFalse();
            assertThat(report.firstBadEntry()).isEqualTo(4);
            assertThat(report.problem()).contains("SHA-256");
        }
    }
}
