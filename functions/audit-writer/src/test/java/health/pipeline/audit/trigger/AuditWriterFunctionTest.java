package health.pipeline.audit.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;


import health.pipeline.audit.store.TrailFixtures;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.CheckpointSignatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The trigger and the writer against a real PostgreSQL (as the application role): one entry per event id, a signed
 * checkpoint every five entries in the archive, and no fork when writers race. Tests share one database and run in
 * any order, so each asserts on what it added and on the whole trail verifying.
 */
@QuarkusTest
@QuarkusTestResource(value = AuditPostgresResource.class, restrictToAnnotatedClass = true)
class AuditWriterFunctionTest {

    @Inject
    AuditWriterFunction function;
    @Inject
    AuditTrailWriter writer;

    @Test
    void shouldReportOnlyTheInvalidMessageAsABatchItemFailure_whenLambdaDeliversAnSqsBatch() throws Exception {
        String batch = new String(getClass().getResourceAsStream("/sqs-audit-batch.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);

        io.restassured.RestAssured.given().contentType("application/json").accept("application/json").body(batch)
                .when().post()
                .then().statusCode(200)
                .body("batchItemFailures.itemIdentifier", org.hamcrest.Matchers.contains("msg-bad-2"));

        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("select event_id from audit_entry where event_id like 'evt-sqs-%'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("evt-sqs-0001");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void shouldRecordTheEventOnce_whenTheSameMessageIsDeliveredTwice() throws Exception {
        SqsBatch message = message(TrailFixtures.example());
        long before = count();

        assertThat(function.audit(message).batchItemFailures()).isEmpty();
        assertThat(function.audit(message).batchItemFailures()).isEmpty();

        assertThat(count()).isEqualTo(before + 1);
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void shouldSignCheckpointsIntoTheArchive_whenEveryFiveEntriesAreWritten() throws Exception {
        for (Envelope<AuditEvent> event : TrailFixtures.events(100, 12)) {
            function.audit(message(event));
        }

        var archived = InMemoryPorts.ARCHIVE.bucket("audit-archive");
        assertThat(archived.keySet()).isNotEmpty().allMatch(key -> key.startsWith("checkpoints/"));
        var publicKey = CheckpointSignatures.publicKey(
                InMemoryPorts.SIGNER.publicKey("any").toCompletableFuture().get());
        for (var object : archived.values()) {
            Checkpoint checkpoint = Checkpoint.fromJson(object.content());
            assertThat(checkpoint.treeSize() % 5).isZero();
            assertThat(CheckpointSignatures.verify(checkpoint, publicKey)).isTrue();
        }
        TrailReport report = verify();
        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.checkpointsVerified()).isEqualTo(archived.size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRecordTheWholeBatch_whenAnEventHasTheLongestActorAndActionTheContractAllows() throws Exception {
        var events = TrailFixtures.events(900_000, 3);
        events.set(1, withActorAndAction(events.get(1), "a".repeat(256), "A".repeat(64)));
        long before = count();

        assertThat(function.audit(batch(events)).batchItemFailures()).isEmpty();

        assertThat(count()).isEqualTo(before + 3);
        assertThat(actorOf(events.get(1).id())).hasSize(256);
        assertThat(verify().valid()).isTrue();
    }

    @Test
    void shouldCommitTheNeighboursOnceAndReportOnlyTheRefusedMessage_whenTheDatabaseRefusesOneEventOfABatch()
            throws Exception {
        var events = TrailFixtures.events(900_100, 5);
        events.set(2, withActorAndAction(events.get(2), REFUSED_ACTOR, events.get(2).data().action()));
        SqsBatch batch = batch(events);
        long before = count();
        refuseActorInTheDatabase(true);
        try {
            for (int delivery = 1; delivery <= 2; delivery++) {
                assertThat(function.audit(batch).batchItemFailures()).as("delivery " + delivery)
                        .extracting(SqsBatch.ItemFailure::itemIdentifier).containsExactly("msg-evt-900102");
            }
        } finally {
            refuseActorInTheDatabase(false);
        }

        assertThat(count()).isEqualTo(before + 4);
        for (var event : events) {
            assertThat(actorOf(event.id())).as(event.id()).isEqualTo(event == events.get(2) ? null
                    : event.data().actor());
        }
        TrailReport report = verify();
        assertThat(report.valid()).as(report.toString()).isTrue();
    }

    /** The fault, injected in the database: a constraint that refuses one actor, as a too-narrow column did. */
    private static void refuseActorInTheDatabase(boolean refuse) throws Exception {
        try (Connection owner = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database);
                var statement = owner.createStatement()) {
            statement.execute(refuse
                    ? "alter table audit_entry add constraint test_refused_actor check (actor <> '" + REFUSED_ACTOR
                            + "') not valid"
                    : "alter table audit_entry drop constraint test_refused_actor");
        }
    }

    private static final String REFUSED_ACTOR = "refused-by-the-database";

    private static Envelope<AuditEvent> withActorAndAction(Envelope<AuditEvent> event, String actor, String action) {
        AuditEvent d = event.data();
        return new Envelope<>(event.id(), event.source(), event.type(), event.subject(), event.correlationId(),
                event.time(), new AuditEvent(actor, action, d.outcome(), d.purpose(), d.patient(), d.objects(),
                        d.modelVersion(), d.policyVersion(), d.keyVersion(), d.details(), d.occurredAt()));
    }

    private static String actorOf(String eventId) throws Exception {
        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database);
                var select = connection.prepareStatement("select actor from audit_entry where event_id = ?")) {
            select.setString(1, eventId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void shouldKeepOneChain_whenFourWritersAppendBatchesAtOnce() throws Exception {
        long before = count();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int base = 10_000 * (w + 1);
                writers.add(pool.submit((Callable<Integer>) () -> {
                    int written = 0;
                    for (int batch = 0; batch < 10; batch++) {
                        var entries = TrailFixtures.entries(base + batch * 10, 10);
                        written += appendOnAVertxContext(entries);
                    }
                    return written;
                }));
            }
            int total = 0;
            for (Future<Integer> w : writers) {
                total += w.get();
            }
            assertThat(total).isEqualTo(400);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count()).isEqualTo(before + 400);
        assertThat(verify().valid()).isTrue();
    }

    private int appendOnAVertxContext(List<TrailEntry> entries) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> writer.appendAll(entries)).size();
        } catch (Exception e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrailReport verify() throws Exception {
        var publicKey = CheckpointSignatures.publicKey(
                InMemoryPorts.SIGNER.publicKey("any").toCompletableFuture().get());
        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database)) {
            return new TrailVerifier(publicKey, null).verify(connection);
        }
    }

    private static long count() throws Exception {
        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database);
                var statement = connection.createStatement();
                var rs = statement.executeQuery("select count(*) from audit_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A batch of one message, as Lambda delivers a single queued event. */
    static SqsBatch message(Envelope<AuditEvent> event) {
        return batch(List.of(event));
    }

    /** One message per event, each named {@code msg-<event id>}. */
    static SqsBatch batch(List<Envelope<AuditEvent>> events) {
        return new SqsBatch(events.stream()
                .map(event -> new SqsBatch.Message("msg-" + event.id(), EventCodec.encode(event))).toList());
    }
}
