package health.pipeline.audit.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.TrailFixtures;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.audit.trail.AuditTrailWriter;
import health.pipeline.audit.trail.CheckpointWriter;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.Envelope;
import health.pipeline.model.audit.HashChain;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Audit writing throughput with the hash chain and the Merkle tree (a signed checkpoint after every batch) through
 * the real writer (Hibernate Reactive) into PostgreSQL with durable commits, against the floor of inserting the same
 * rows with plain JDBC batches and nothing else. Not a test: runs only with {@code -Pbenchmark}.
 */
@QuarkusTest
@QuarkusTestResource(value = AuditPostgresResource.class, restrictToAnnotatedClass = true)
@Tag("benchmark")
class WriterThroughputBenchmark {
    private static final int BATCH = 500;
    private static final int WARMUPS = 5;
    private static final int RUNS = 5;
    private static final int PER_ITERATION = 20_000;
    private static final int PER_MESSAGE = 2_000;

    @Inject
    AuditTrailWriter writer;
    @Inject
    CheckpointWriter checkpoints;
    @Inject
    AuditWriterFunction function;

    private int nextEvent = 1_000_000;

    @Test
    void appendWithChainAndTree() throws Exception {
        String floorDatabase = AuditPostgresResource.postgres.freshDatabase();
        long floorSequence = 0;
        List<Double> writerRates = new ArrayList<>();
        List<Double> floorRates = new ArrayList<>();
        for (int iteration = 0; iteration < WARMUPS + RUNS; iteration++) {
            List<Envelope<AuditEvent>> events = TrailFixtures.events(nextEvent, PER_ITERATION);
            nextEvent += PER_ITERATION;
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i += BATCH) {
                List<TrailEntry> batch = events.subList(i, i + BATCH).stream().map(TrailEntry::of).toList();
                await(() -> writer.appendAll(batch));
                await(() -> checkpoints.checkpointIfDue());
            }
            double writerRate = PER_ITERATION / ((System.nanoTime() - start) / 1e9);

            List<TrailEntry.Linked> rows = link(TrailFixtures.entries(nextEvent, PER_ITERATION), floorSequence);
            nextEvent += PER_ITERATION;
            floorSequence += PER_ITERATION;
            start = System.nanoTime();
            insertPlain(floorDatabase, rows);
            double floorRate = PER_ITERATION / ((System.nanoTime() - start) / 1e9);
            System.out.printf("%s %d: writer %,.0f entries/s, floor %,.0f rows/s, ratio %.2f%n",
                    iteration < WARMUPS ? "warm-up" : "run", iteration + 1, writerRate, floorRate,
                    floorRate / writerRate);
            if (iteration >= WARMUPS) {
                writerRates.add(writerRate);
                floorRates.add(floorRate);
            }
        }
        // The Lambda trigger itself, decode and schema validation included, with SQS batches of 1 and 10 (Lambda's
        // default) and 100 (a batching window): one transaction per batch.
        java.util.Map<Integer, Double> functionRates = new java.util.LinkedHashMap<>();
        for (int size : new int[] { 1, 10, 100 }) {
            int count = size == 1 ? PER_MESSAGE : PER_MESSAGE * 10;
            List<Envelope<AuditEvent>> events = TrailFixtures.events(nextEvent, count);
            nextEvent += count;
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i += size) {
                List<SqsBatch.Message> messages = new ArrayList<>();
                for (Envelope<AuditEvent> event : events.subList(i, Math.min(i + size, events.size()))) {
                    messages.add(new SqsBatch.Message("msg-" + event.id(), EventCodec.encode(event)));
                }
                assertThat(function.audit(new SqsBatch(messages)).batchItemFailures()).isEmpty();
            }
            functionRates.put(size, count / ((System.nanoTime() - start) / 1e9));
        }
        double perMessageRate = functionRates.get(1);
        try (Connection connection = AuditPostgresResource.postgres.superuser(AuditPostgresResource.database)) {
            var report = new TrailVerifier(null, null).verify(connection);
            assertThat(report.valid()).as(report.toString()).isTrue();
        }
        System.out.printf("RESULT writer (batches of %d, checkpoint per batch): median %,.0f entries/s"
                + " (target >= 5,000); floor median %,.0f rows/s; floor/writer %.2f; per-message Funqy path"
                + " (one transaction per event, checkpoint every 5): %,.0f entries/s; Lambda trigger with SQS batches"
                + " of 10: %,.0f entries/s, of 100: %,.0f entries/s%n", BATCH, median(writerRates),
                median(floorRates), median(floorRates) / median(writerRates), perMessageRate, functionRates.get(10),
                functionRates.get(100));
    }

    private static List<TrailEntry.Linked> link(List<TrailEntry> entries, long after) {
        List<TrailEntry.Linked> linked = new ArrayList<>();
        String previous = HashChain.GENESIS;
        long sequence = after;
        for (TrailEntry entry : entries) {
            TrailEntry.Linked next = entry.linkAfter(++sequence, previous);
            previous = next.hash();
            linked.add(next);
        }
        return linked;
    }

    /** The floor: the same rows, precomputed, in JDBC batches of the same size, one commit per batch. */
    private static void insertPlain(String database, List<TrailEntry.Linked> rows) throws Exception {
        try (Connection connection = AuditPostgresResource.postgres.superuser(database);
                var insert = connection.prepareStatement("insert into audit_entry (sequence, event_id, occurred_at,"
                        + " recorded_at, actor, action, outcome, purpose, patient, correlation_id, entry,"
                        + " previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < rows.size(); i++) {
                TrailEntry.Linked row = rows.get(i);
                TrailEntry e = row.entry();
                insert.setLong(1, row.sequence());
                insert.setString(2, e.eventId());
                insert.setTimestamp(3, Timestamp.from(e.occurredAt()));
                insert.setTimestamp(4, now);
                insert.setString(5, e.actor());
                insert.setString(6, e.action());
                insert.setString(7, e.outcome());
                insert.setString(8, e.purpose());
                insert.setString(9, e.patient());
                insert.setString(10, e.correlationId());
                insert.setString(11, e.canonical());
                insert.setString(12, row.previousHash());
                insert.setString(13, row.hash());
                insert.addBatch();
                if ((i + 1) % BATCH == 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Exception e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
