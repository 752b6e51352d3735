package health.pipeline.audit.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import health.pipeline.audit.store.TrailFixtures;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.contracts.AuditMaintenance;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.EventTypes;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.ports.memory.RecordingEventPublisher.Published;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Work that no audit event triggers (docs/adr/0046), driven as Lambda drives it: batches from the maintenance queue.
 * The "every T" checkpoint is made by the delayed request the writer sends itself, and retention archives what is
 * past the period, a bounded run at a time, deleting nothing. A database and an archive bucket of its own, used in
 * order: the trail begins at T0.
 */
@QuarkusTest
@TestProfile(MaintenanceTest.OwnArchive.class)
@QuarkusTestResource(value = AuditPostgresResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceTest {
    private static final Instant T0 = Instant.parse("2020-01-06T08:00:00Z");
    private static final String QUEUE = "audit-maintenance-queue";
    private static final String ARCHIVE = "maintenance-archive";

    /** Its own archive bucket (the in-memory store is shared by the test classes) and, by restart, its own database. */
    public static class OwnArchive implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("pipeline.buckets.audit-archive", ARCHIVE);
        }
    }

    @Inject
    AuditWriterFunction function;

    @TempDir
    Path workDir;

    @AfterAll
    static void releaseTheClock() {
        InMemoryPorts.CLOCK.set(null);
    }

    @Test
    @Order(1)
    void shouldSignTheCheckpointWhenItFallsDue_whenTheWritersDelayedRequestArrives() throws Exception {
        InMemoryPorts.CLOCK.set(T0);
        int before = InMemoryPorts.REQUESTS.on(QUEUE).size();

        function.audit(batch(TrailFixtures.events(1, 2)));

        // Two entries wait; the 5-entry rule is far off and the hourly rule falls due at T0 + 1 h.
        assertThat(checkpoints()).isEmpty();
        Published request = onlyRequestSince(before);
        assertThat(request.delay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(EventCodec.decode(request.event(), AuditMaintenance.class).data().task()).isEqualTo("checkpoint");

        InMemoryPorts.CLOCK.advance(Duration.ofMinutes(15));
        assertThat(function.audit(delivered(request)).batchItemFailures()).isEmpty();
        assertThat(checkpoints()).isEmpty();
        Published again = onlyRequestSince(before + 1);
        assertThat(again.delay()).isEqualTo(Duration.ofMinutes(15));

        InMemoryPorts.CLOCK.advance(Duration.ofMinutes(45));
        assertThat(function.audit(delivered(again)).batchItemFailures()).isEmpty();

        assertThat(checkpoints()).extracting(Checkpoint::treeSize).containsExactly(2L);
        assertThat(InMemoryPorts.REQUESTS.on(QUEUE)).hasSize(before + 2);
        assertThat(verify(null).valid()).isTrue();
    }

    @Test
    @Order(2)
    void shouldArchiveOnlyWhatIsPastRetentionAndDeleteNothing_whenTheDailyScheduleAsks() throws Exception {
        function.audit(batch(TrailFixtures.events(3, 8)));
        InMemoryPorts.CLOCK.set(T0.plus(Duration.ofDays(6 * 365 + 2)).plusSeconds(1800));
        int before = InMemoryPorts.REQUESTS.on(QUEUE).size();

        assertThat(function.audit(delivered(scheduleMessage())).batchItemFailures()).isEmpty();

        // Entries 1-2 were recorded at T0, 3-10 an hour later: only 1-2 are past six years and two days.
        assertThat(segments()).containsExactly("segments/00000000000000000001-00000000000000000002.jsonl");
        assertThat(InMemoryPorts.REQUESTS.on(QUEUE)).hasSize(before);

        InMemoryPorts.CLOCK.advance(Duration.ofDays(1));
        assertThat(function.audit(delivered(scheduleMessage())).batchItemFailures()).isEmpty();

        // Segments of at most four entries, two a run: the run stops at 10 of 10 and asks for no more...
        assertThat(segments()).containsExactly("segments/00000000000000000001-00000000000000000002.jsonl",
                "segments/00000000000000000003-00000000000000000006.jsonl",
                "segments/00000000000000000007-00000000000000000010.jsonl");
        // ...except that two segments were the run's limit, so it asked for another run at once.
        Published more = onlyRequestSince(before);
        assertThat(more.delay()).isZero();
        assertThat(function.audit(delivered(more)).batchItemFailures()).isEmpty();
        assertThat(segments()).hasSize(3);
        assertThat(InMemoryPorts.REQUESTS.on(QUEUE)).hasSize(before + 1);

        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("select count(*) from audit_entry")) {
            rs.next();
            assertThat(rs.getLong(1)).as("nothing deleted").isEqualTo(10);
        }
        Path archive = TrailFixtures.dump(InMemoryPorts.ARCHIVE, ARCHIVE, workDir);
        TrailReport report = verify(archive);
        assertThat(report.valid()).as(report.toString()).isTrue();
    }

    @Test
    @Order(3)
    void shouldReportTheRequestAsFailed_whenItIsNeitherAnAuditEventNorMaintenance() throws Exception {
        String modelPromoted = new String(EventCodec.class.getResourceAsStream(
                "/contracts/examples/model-promoted.v1.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        var response = function.audit(new SqsBatch(List.of(new SqsBatch.Message("msg-wrong-queue", modelPromoted))));

        assertThat(response.batchItemFailures()).extracting(SqsBatch.ItemFailure::itemIdentifier)
                .containsExactly("msg-wrong-queue");
    }

    private static Published onlyRequestSince(int before) {
        List<Published> sent = InMemoryPorts.REQUESTS.on(QUEUE);
        assertThat(sent).hasSize(before + 1);
        return sent.get(before);
    }

    private static SqsBatch batch(List<Envelope<health.pipeline.contracts.AuditEvent>> events) {
        List<SqsBatch.Message> messages = new ArrayList<>();
        events.forEach(e -> messages.add(new SqsBatch.Message("msg-" + e.id(), EventCodec.encode(e))));
        return new SqsBatch(messages);
    }

    private static SqsBatch delivered(Published request) {
        return new SqsBatch(List.of(new SqsBatch.Message("msg-" + request.eventId(), request.event())));
    }

    /** What the EventBridge Scheduler schedule sends (infra-terraform, messaging module), context keys filled in. */
    private static Published scheduleMessage() {
        String id = "exec-" + InMemoryPorts.CLOCK.instant().getEpochSecond();
        String event = EventCodec.encode(new Envelope<>(id, "urn:health-pipeline:schedule:audit-retention",
                EventTypes.AUDIT_MAINTENANCE, null, id, InMemoryPorts.CLOCK.instant(),
                new AuditMaintenance(AuditMaintenance.RETENTION)));
        return new Published(QUEUE, id, event, java.util.Map.of(), Duration.ZERO);
    }

    private static List<Checkpoint> checkpoints() {
        return InMemoryPorts.ARCHIVE.bucket(ARCHIVE).entrySet().stream()
                .filter(e -> e.getKey().startsWith("checkpoints/"))
                .map(e -> Checkpoint.fromJson(e.getValue().content())).toList();
    }

    private static List<String> segments() {
        return InMemoryPorts.ARCHIVE.bucket(ARCHIVE).keySet().stream()
                .filter(key -> key.startsWith("segments/")).sorted().toList();
    }

    private static TrailReport verify(Path archive) throws Exception {
        var publicKey = CheckpointSignatures.publicKey(
                InMemoryPorts.SIGNER.publicKey("any").toCompletableFuture().get());
        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database)) {
            return new TrailVerifier(publicKey, archive).verify(connection);
        }
    }
}
