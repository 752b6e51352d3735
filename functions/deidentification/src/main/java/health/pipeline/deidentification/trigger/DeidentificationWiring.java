package health.pipeline.deidentification.trigger;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.policy.PolicyLoader;
import health.pipeline.deidentification.records.DeidentificationSettings;
import health.pipeline.deidentification.records.RecordDeidentification;
import health.pipeline.deidentification.reidentification.PseudonymResolution;
import health.pipeline.deidentification.reidentification.RequesterRateLimit;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.function.security.BearerTokens;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Wires the core. The policy is loaded and validated before anything else: a policy that does not validate stops the
 * function from starting. The pseudonymisation secret arrives KMS-encrypted (a data key generated without plaintext
 * under the pseudonymisation key) and is decrypted once per cold start; if it cannot be, the function does not start
 * (fail closed) and Lambda retries the batch.
 */
@ApplicationScoped
public class DeidentificationWiring {
    @Produces
    @Singleton
    DeidentificationPolicy policy(@ConfigProperty(name = "pipeline.deid.policy") String location) {
        return PolicyLoader.load(location);
    }

    @Produces
    @Singleton
    Pseudonymizer pseudonymizer(KeyService keys,
            @ConfigProperty(name = "pipeline.pseudonym.secret-ciphertext") String secretCiphertext) {
        return Pseudonymizer.fromSecretCiphertext(keys, secretCiphertext);
    }

    @Produces
    @Singleton
    RecordDeidentification recordDeidentification(ObjectStore store, KeyService keys, EventEmitter events,
            DeidentificationPolicy policy, Pseudonymizer pseudonymizer,
            @ConfigProperty(name = "pipeline.buckets.deid") String deidBucket,
            @ConfigProperty(name = "pipeline.keys.deid") String deidKey) {
        // Embedded-metric-format lines must be whole stdout lines for CloudWatch to read them, not wrapped in a log record.
        return new RecordDeidentification(store, keys,
                new PatientDeidentifier(policy, pseudonymizer, Clock.systemUTC()), events,
                new DeidentificationSettings(deidBucket, deidKey), pseudonymizer.keyVersion(), System.out::println);
    }

    /**
     * Only the re-identification deployment sets pipeline.buckets.raw and the identity provider's key; without them
     * the call fails closed.
     */
    @Produces
    @Singleton
    PseudonymResolution pseudonymResolution(ObjectStore store, KeyService keys, EventEmitter events,
            DeidentificationPolicy policy, Pseudonymizer pseudonymizer,
            @ConfigProperty(name = "pipeline.buckets.raw") Optional<String> rawBucket,
            @ConfigProperty(name = "pipeline.buckets.deid") String deidBucket,
            @ConfigProperty(name = "pipeline.reidentify.jwt.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "pipeline.reidentify.jwt.issuer") Optional<String> issuer,
            @ConfigProperty(name = "pipeline.reidentify.jwt.audience") String audience,
            @ConfigProperty(name = "pipeline.reidentify.rate-limit.requests") int requests,
            @ConfigProperty(name = "pipeline.reidentify.rate-limit.window") Duration window) {
        BearerTokens tokens = new BearerTokens(BearerTokens.publicKey(required(publicKey, "pipeline.reidentify.jwt.public-key")),
                required(issuer, "pipeline.reidentify.jwt.issuer"), audience);
        return new PseudonymResolution(store, new EnvelopeCipher(keys), pseudonymizer, policy, events, tokens,
                new RequesterRateLimit(requests, window, Clock.systemUTC(), 10_000),
                required(rawBucket, "pipeline.buckets.raw"), deidBucket);
    }

    private static String required(Optional<String> value, String name) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(name + " is not set; refusing to run"));
    }
}
