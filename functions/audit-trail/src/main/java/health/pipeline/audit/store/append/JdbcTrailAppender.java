package health.pipeline.audit.store.append;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.model.audit.HashChain;

/**
 * Appends entries to the trail over JDBC: used by the audit API (which audits its own queries synchronously: no
 * audit entry, no answer) and by tools. The audit writer does the same over Hibernate Reactive. One transaction per
 * call, under the chain-head advisory lock; idempotent by event id.
 */
public final class JdbcTrailAppender {
    private static final String INSERT = "insert into audit_entry (sequence, event_id, occurred_at, recorded_at,"
            + " actor, action, outcome, purpose, patient, correlation_id, entry, previous_hash, hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private final Clock clock;

    public JdbcTrailAppender(Clock clock) {
        this.clock = clock;
    }

    /** @return the entries appended by this call (those whose event id was already recorded are left out) */
    public List<TrailEntry.Linked> append(Connection connection, List<TrailEntry> entries) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<TrailEntry.Linked> appended = appendInTransaction(connection, entries);
            connection.commit();
            return appended;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private List<TrailEntry.Linked> appendInTransaction(Connection connection, List<TrailEntry> entries)
            throws SQLException {
        try (var lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ChainLock.CHAIN_HEAD);
            lock.execute();
        }
        Map<String, TrailEntry> fresh = new LinkedHashMap<>();
        entries.forEach(e -> fresh.putIfAbsent(e.eventId(), e));
        Set<String> recorded = new HashSet<>();
        try (var existing = connection.prepareStatement("select event_id from audit_entry where event_id = any(?)")) {
            Array ids = connection.createArrayOf("varchar", fresh.keySet().toArray());
            existing.setArray(1, ids);
            try (var rs = existing.executeQuery()) {
                while (rs.next()) {
                    recorded.add(rs.getString(1));
                }
            }
        }
        recorded.forEach(fresh::remove);
        long sequence = 0;
        String previous = HashChain.GENESIS;
        try (var head = connection.createStatement();
                var rs = head.executeQuery("select sequence, hash from audit_entry order by sequence desc limit 1")) {
            if (rs.next()) {
                sequence = rs.getLong(1);
                previous = rs.getString(2);
            }
        }
        List<TrailEntry.Linked> appended = new ArrayList<>();
        Timestamp recordedAt = Timestamp.from(clock.instant());
        try (var insert = connection.prepareStatement(INSERT)) {
            for (TrailEntry entry : fresh.values()) {
                TrailEntry.Linked linked = entry.linkAfter(++sequence, previous);
                previous = linked.hash();
                insert.setLong(1, linked.sequence());
                insert.setString(2, entry.eventId());
                insert.setTimestamp(3, Timestamp.from(entry.occurredAt()));
                insert.setTimestamp(4, recordedAt);
                insert.setString(5, entry.actor());
                insert.setString(6, entry.action());
                insert.setString(7, entry.outcome());
                setNullable(insert, 8, entry.purpose());
                setNullable(insert, 9, entry.patient());
                setNullable(insert, 10, entry.correlationId());
                insert.setString(11, entry.canonical());
                insert.setString(12, linked.previousHash());
                insert.setString(13, linked.hash());
                insert.addBatch();
                appended.add(linked);
            }
            if (!appended.isEmpty()) {
                insert.executeBatch();
            }
        }
        return appended;
    }

    private static void setNullable(java.sql.PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
