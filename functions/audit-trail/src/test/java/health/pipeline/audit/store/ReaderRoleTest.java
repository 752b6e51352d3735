package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventTypes;
import health.pipeline.model.audit.HashChain;

/**
 * The readers' role (the audit API's login) against a real PostgreSQL: SELECT on every audit table and nothing else,
 * except appending the audit of its own queries through the V4 function, at the chain head only.
 */
class ReaderRoleTest {
    private static final List<String> TABLES = List.of("audit_entry", "audit_checkpoint", "audit_archive_segment");
    private static AuditDatabase postgres;
    private String database;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("reader-role");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void signedTrail() throws Exception {
        database = postgres.freshDatabase();
        try (Connection app = postgres.application(database)) {
            new SignedTrail().write(app, 10);
        }
    }

    @Test
    void shouldRefuseEveryInsertUpdateDeleteAndTruncate_whenActingAsTheReaderRole() throws Exception {
        try (Connection reader = postgres.reader(database); var statement = reader.createStatement()) {
            List<String> writes = List.of(
                    "insert into audit_entry select sequence + 100, event_id || '-copy', occurred_at, recorded_at,"
                            + " actor, action, outcome, purpose, patient, correlation_id, entry, previous_hash, hash"
                            + " from audit_entry where sequence = 1",
                    "insert into audit_checkpoint select tree_size + 100, root_hash, chain_head, issued_at, key_id,"
                            + " algorithm, signature, public_key, frontier, object_key from audit_checkpoint"
                            + " where tree_size = 10",
                    "insert into audit_archive_segment values (1, 10, 10, repeat('0', 64), 'segments/x.jsonl', now())",
                    "update audit_entry set actor = 'x' where sequence = 2",
                    "update audit_checkpoint set root_hash = 'x'",
                    "update audit_archive_segment set sha256 = 'x'",
                    "delete from audit_entry where sequence = 3", "delete from audit_checkpoint",
                    "delete from audit_archive_segment", "truncate audit_entry", "truncate audit_checkpoint",
                    "truncate audit_archive_segment");
            for (String sql : writes) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
            for (String table : TABLES) {
                try (var rs = statement.executeQuery("select count(*) from " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
        }
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement();
                var grants = statement.executeQuery("select table_name, privilege_type from"
                        + " information_schema.role_table_grants where grantee = 'audit_reader'")) {
            while (grants.next()) {
                assertThat(grants.getString(2)).as(grants.getString(1)).isEqualTo("SELECT");
            }
        }
    }

    @Test
    void shouldAppendItsOwnQueryAuditAtTheHead_whenActingAsTheReaderRole() throws Exception {
        try (Connection reader = postgres.reader(database)) {
            var appended = JdbcTrailAppender.forReaders(Clock.systemUTC()).append(reader, List.of(queryAudit("aq-1")));

            assertThat(appended).extracting(TrailEntry.Linked::sequence).containsExactly(11L);
            assertThat(new TrailVerifier(null, null).verify(reader).valid()).isTrue();
        }
    }

    @Test
    void shouldRefuseThroughTheFunction_whenTheEntryIsAnotherFunctionsOrDoesNotExtendTheChain() throws Exception {
        try (Connection reader = postgres.reader(database)) {
            var appender = JdbcTrailAppender.forReaders(Clock.systemUTC());
            assertThatThrownBy(() -> appender.append(reader, TrailFixtures.entries(500, 1)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("only the audit API");

            TrailEntry ownQuery = queryAudit("aq-2");
            String head;
            try (var statement = reader.createStatement();
                    var rs = statement.executeQuery("select hash from audit_entry where sequence = 10")) {
                rs.next();
                head = rs.getString(1);
            }
            for (TrailEntry.Linked wrong : List.of(ownQuery.linkAfter(12, head), ownQuery.linkAfter(11, HashChain.GENESIS),
                    new TrailEntry.Linked(ownQuery, 11, head, HashChain.GENESIS))) {
                assertThatThrownBy(() -> callAppendFunction(reader, wrong)).as(wrong.toString())
                        .isInstanceOf(SQLException.class).hasMessageContaining("does not extend the chain");
            }
        }
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement();
                var rs = statement.executeQuery("select count(*) from audit_entry")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(10);
        }
    }

    private static void callAppendFunction(Connection reader, TrailEntry.Linked linked) throws SQLException {
        TrailEntry entry = linked.entry();
        try (var call = reader.prepareStatement(
                "select audit_append_query_entry(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            call.setLong(1, linked.sequence());
            call.setString(2, entry.eventId());
            call.setTimestamp(3, java.sql.Timestamp.from(entry.occurredAt()));
            call.setString(4, entry.actor());
            call.setString(5, entry.action());
            call.setString(6, entry.outcome());
            call.setString(7, entry.purpose());
            call.setString(8, entry.patient());
            call.setString(9, entry.correlationId());
            call.setString(10, entry.canonical());
            call.setString(11, linked.previousHash());
            call.setString(12, linked.hash());
            call.executeQuery().close();
        }
    }

    /** An audit of one of the audit API's own queries, as QueryAudit builds it. */
    private static TrailEntry queryAudit(String eventId) {
        var event = new AuditEvent("auditor-1", "AUDIT_QUERY", "success", "HCOMPL", null, List.of(), null, null, null,
                Map.of("query", "entries", "status", "200"), Instant.parse("2026-12-08T01:00:00Z"));
        return TrailEntry.of(new Envelope<>(eventId, "urn:health-pipeline:function:audit-api", EventTypes.AUDIT, null,
                "audit-api-" + eventId, Instant.parse("2026-12-08T01:00:00Z"), event));
    }
}
