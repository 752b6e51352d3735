package health.pipeline.audit.api.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import health.pipeline.function.security.BearerTokens;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP bearer authentication with {@link BearerTokens}: a request without a token is anonymous (and then refused by
 * the roles on every endpoint); a token that does not verify is refused with 401.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(BearerTokenMechanism.class);
    private final BearerTokens tokens;

    BearerTokenMechanism(@ConfigProperty(name = "pipeline.audit-api.jwt.public-key") String publicKey,
            @ConfigProperty(name = "pipeline.audit-api.jwt.issuer") String issuer,
            @ConfigProperty(name = "pipeline.audit-api.jwt.audience") String audience) {
        this.tokens = new BearerTokens(BearerTokens.publicKey(publicKey), issuer, audience);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        try {
            BearerTokens.Caller caller = tokens.verify(header.substring(7).trim());
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.subject())).addRoles(caller.roles()).build());
        } catch (BearerTokens.InvalidTokenException e) {
            LOG.warnf("bearer token refused: %s", e.getMessage());
            return Uni.createFrom().failure(new AuthenticationFailedException(e.getMessage()));
        }
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
