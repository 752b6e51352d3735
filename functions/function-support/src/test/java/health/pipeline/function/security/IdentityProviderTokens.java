package health.pipeline.function.security;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * Bearer tokens as the hospital's identity provider issues them (RS256, MP-JWT {@code groups} for roles), signed
 * with a key pair standing in for it. Shared (test-jar) with the audit API's, re-identification's and the end-to-end
 * tests.
 */
public final class IdentityProviderTokens {
    private IdentityProviderTokens() {
    }

    /** @param minutes validity from now; negative for a token that has already expired */
    public static String sign(KeyPair identityProvider, String issuer, String audience, String subject,
            List<String> roles, float minutes) {
        return sign(identityProvider, issuer, audience, subject, roles, minutes, Map.of());
    }

    /** @param listClaims further string-list claims, e.g. {@code facilities} */
    public static String sign(KeyPair identityProvider, String issuer, String audience, String subject,
            List<String> roles, float minutes, Map<String, List<String>> listClaims) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setAudience(audience);
            claims.setSubject(subject);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(minutes);
            claims.setStringListClaim("groups", roles);
            listClaims.forEach(claims::setStringListClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(identityProvider.getPrivate());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
    }
}
