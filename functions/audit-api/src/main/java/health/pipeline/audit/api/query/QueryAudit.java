package health.pipeline.audit.api.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.EventTypes;

/**
 * Audits a query of the audit trail in the trail itself, synchronously: the entry is committed before the answer
 * leaves, so there is no answer without its audit entry. The entry is a contract-valid AuditEvent (the codec
 * validates it) with purpose HCOMPL (compliance), the querying principal as actor, the patient pseudonym asked about
 * (so a patient's accounting shows who looked at it) and content-free details.
 */
public final class QueryAudit {
    public static final String SOURCE = "urn:health-pipeline:function:audit-api";
    public static final String ACTION = "AUDIT_QUERY";
    private final JdbcTrailAppender appender;
    private final Clock clock;

    public QueryAudit(Clock clock) {
        this.appender = JdbcTrailAppender.forReaders(clock);
        this.clock = clock;
    }

    /**
     * @param actor    the token's subject (a workforce principal, never a patient), or {@code anonymous}
     * @param outcome  success, failure or denied
     * @param query    the endpoint name, e.g. {@code disclosures}
     * @param patient  the patient pseudonym queried, or null
     * @param status   the HTTP status answered
     */
    public String record(Connection connection, String actor, String outcome, String query, String patient,
            int status, String correlationId) throws SQLException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("query", query);
        details.put("status", Integer.toString(status));
        var event = new AuditEvent(actor, ACTION, outcome, "HCOMPL", patient, List.of(), null, null, null, details,
                clock.instant());
        var envelope = new Envelope<>("aq-" + UUID.randomUUID(), SOURCE, EventTypes.AUDIT, patient, correlationId,
                clock.instant(), event);
        EventCodec.encode(envelope); // validates against the AuditEvent schema: a bad entry never reaches the trail
        appender.append(connection, List.of(TrailEntry.of(envelope)));
        return envelope.id();
    }
}
