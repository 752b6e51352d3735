package health.pipeline.audit.store.append;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
    /** Migration V4: the only way a reader (the audit API's read-only login) appends, its own query audits only. */
    private static final String APPEND_QUERY_ENTRY = "select audit_append_query_entry(?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?)";
    private final Clock clock;
    private final boolean asReader;

    /** An appender for the writer's application role (INSERT). */
    public JdbcTrailAppender(Clock clock) {
        this(clock, false);
    }

    private JdbcTrailAppender(Clock clock, boolean asReader) {
        this.clock = clock;
        this.asReader = asReader;
    }

    /**
     * An appender for a login in the readers' role, which has no INSERT: it appends through the database function
     * that accepts the audit API's own AUDIT_QUERY entries at the chain head and nothing else.
     */
    public static JdbcTrailAppender forReaders(Clock clock) {
        return new JdbcTrailAppender(clock, true);
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
        try (var append = connection.prepareStatement(asReader ? APPEND_QUERY_ENTRY : INSERT)) {
            for (TrailEntry entry : fresh.values()) {
                TrailEntry.Linked linked = entry.linkAfter(++sequence, previous);
                previous = linked.hash();
                bind(append, linked, asReader ? null : recordedAt);
                if (asReader) {
                    append.executeQuery().close(); // a function call per entry: a batch cannot return rows
                } else {
                    append.addBatch();
                }
                appended.add(linked);
            }
            if (!asReader && !appended.isEmpty()) {
                append.executeBatch();
            }
        }
        return appended;
    }

    /** The columns in table order; {@code recordedAt} null leaves it out (the function takes the database's clock). */
    private static void bind(PreparedStatement statement, TrailEntry.Linked linked, Timestamp recordedAt)
            throws SQLException {
        TrailEntry entry = linked.entry();
        int index = 0;
        statement.setLong(++index, linked.sequence());
        statement.setString(++index, entry.eventId());
        statement.setTimestamp(++index, Timestamp.from(entry.occurredAt()));
        if (recordedAt != null) {
            statement.setTimestamp(++index, recordedAt);
        }
        statement.setString(++index, entry.actor());
        statement.setString(++index, entry.action());
        statement.setString(++index, entry.outcome());
        setNullable(statement, ++index, entry.purpose());
        setNullable(statement, ++index, entry.patient());
        setNullable(statement, ++index, entry.correlationId());
        statement.setString(++index, entry.canonical());
        statement.setString(++index, linked.previousHash());
        statement.setString(++index, linked.hash());
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
