package health.pipeline.audit.api.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import health.pipeline.audit.api.query.QueryAudit;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Audits every query before its answer leaves: the audit entry is committed first, and if it cannot be the caller
 * gets an error, not the data. The returned response carries the audit entry's event id in {@code Audit-Event-Id}.
 */
@ApplicationScoped
public class QueryAuditing {
    static final String AUDIT_EVENT_HEADER = "Audit-Event-Id";
    private static final Logger LOG = Logger.getLogger(QueryAuditing.class);
    private final QueryAudit audit = new QueryAudit(Clock.systemUTC());

    @Inject
    DataSource dataSource;

    Response answer(Connection connection, SecurityIdentity identity, String query, String patient, Object body)
            throws SQLException {
        String eventId = audit.record(connection, actor(identity), "success", query, patient, 200,
                correlationId());
        return Response.ok(body).header(AUDIT_EVENT_HEADER, eventId).build();
    }

    Response refuse(SecurityIdentity identity, String query, String patient, String reason) throws SQLException {
        return fail(identity, query, patient, 400, reason);
    }

    /** For a query the API cannot answer now (503): audited as a failure. */
    Response unavailable(SecurityIdentity identity, String query, String reason) throws SQLException {
        return fail(identity, query, null, 503, reason);
    }

    private Response fail(SecurityIdentity identity, String query, String patient, int status, String reason)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String eventId = audit.record(connection, actor(identity), "failure", query, patient, status,
                    correlationId());
            return Response.status(status).entity(Map.of("error", reason)).header(AUDIT_EVENT_HEADER, eventId)
                    .build();
        }
    }

    /** For refusals by the security layer (401, 403): audited with outcome denied. */
    String denied(SecurityIdentity identity, String query, int status) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return audit.record(connection, actor(identity), "denied", query, null, status, correlationId());
        } catch (SQLException e) {
            LOG.errorf("a refused audit query could not be audited: %s", e.getSQLState());
            throw e;
        }
    }

    static String actor(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private static String correlationId() {
        return "audit-api-" + java.util.UUID.randomUUID();
    }
}
