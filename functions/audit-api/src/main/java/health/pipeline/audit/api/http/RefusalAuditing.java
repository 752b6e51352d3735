package health.pipeline.audit.api.http;

import java.sql.SQLException;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Audits the queries the security layer refused (401 without a valid token, 403 without the role), so that
 * attempts show in the trail as well as answers. If the refusal cannot be audited the answer becomes a 503.
 */
@Provider
public class RefusalAuditing implements ContainerResponseFilter {
    @Inject
    QueryAuditing auditing;
    @Inject
    SecurityIdentity identity;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status != 401 && status != 403) {
            return;
        }
        String path = request.getUriInfo().getPath();
        String query = path.replaceFirst("^/?audit/?", "").replace('/', '-');
        try {
            response.getHeaders().putSingle(QueryAuditing.AUDIT_EVENT_HEADER,
                    auditing.denied(identity, query.isEmpty() ? "root" : query, status));
        } catch (SQLException | RuntimeException e) {
            response.setStatus(503);
            response.setEntity(java.util.Map.of("error", "the refusal could not be audited"));
        }
    }
}
