package health.pipeline.function.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies bearer tokens (JWS, RS256 or ES256 only: never {@code none} or a shared-secret algorithm) of the
 * organisation's identity provider: signature, issuer, audience, expiry (30 s skew), a subject that is a workforce
 * principal. Roles are the MP-JWT {@code groups} claim; the facilities a user works for are the {@code facilities}
 * claim (facility codes, as upstream sources name them). Shared by the audit API (ADR 0044) and re-identification
 * (ADR 0081); each checks its own audience.
 */
public final class BearerTokens {
    /** The contract's Principal pattern: the subject becomes the actor of the query's audit entry. */
    private static final Pattern PRINCIPAL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,255}$");
    private final JwtConsumer consumer;

    public BearerTokens(PublicKey publicKey, String issuer, String audience) {
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setMaxFutureValidityInMinutes(24 * 60)
                .setAllowedClockSkewInSeconds(30)
                .setRequireSubject()
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setVerificationKey(publicKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }

    /** The claim naming the facilities whose patients the user may see. */
    public static final String FACILITIES_CLAIM = "facilities";

    /** A verified caller. */
    public record Caller(String subject, Set<String> roles, Set<String> facilities) {
    }

    /** @throws InvalidTokenException naming what failed, never echoing the token */
    public Caller verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String subject = claims.getSubject();
            if (subject == null || !PRINCIPAL.matcher(subject).matches()) {
                throw new InvalidTokenException("the subject is not a workforce principal");
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            List<String> facilities = claims.hasClaim(FACILITIES_CLAIM)
                    ? claims.getStringListClaimValue(FACILITIES_CLAIM) : List.of();
            return new Caller(subject, Set.copyOf(groups), Set.copyOf(facilities));
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException("the token did not verify (" + e.getErrorDetails().stream()
                    .map(d -> Integer.toString(d.getErrorCode())).toList() + ")");
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("a claim is malformed");
        }
    }

    /** A public key as base64 DER SubjectPublicKeyInfo, RSA or EC. */
    public static PublicKey publicKey(String base64Der) {
        byte[] der = Base64.getDecoder().decode(base64Der.trim());
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the JWT public key is neither an RSA nor an EC SubjectPublicKeyInfo");
    }

    public static final class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
