package health.pipeline.deidentification.trigger;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.deidentification.policy.PatientDeidentifier;
import health.pipeline.deidentification.records.DeidentificationSettings;
import health.pipeline.deidentification.records.RecordDeidentification;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Wires the core. The pseudonymisation secret arrives KMS-encrypted (a data key generated without plaintext under
 * the pseudonymisation key) and is decrypted once per cold start; if it cannot be, the function does not start
 * (fail closed) and Lambda retries the batch.
 */
@ApplicationScoped
public class DeidentificationWiring {
    static final Map<String, String> SECRET_CONTEXT = Map.of("purpose", "pseudonymisation");

    @Produces
    @Singleton
    RecordDeidentification recordDeidentification(ObjectStore store, KeyService keys, EventEmitter events,
            @ConfigProperty(name = "pipeline.buckets.deid") String deidBucket,
            @ConfigProperty(name = "pipeline.keys.deid") String deidKey,
            @ConfigProperty(name = "pipeline.pseudonym.secret-ciphertext") String secretCiphertext,
            @ConfigProperty(name = "pipeline.deid.policy-version", defaultValue = "safe-harbor-core-0.1") String policy,
            @ConfigProperty(name = "pipeline.deid.max-shift-days", defaultValue = "180") int maxShiftDays) {
        byte[] ciphertext = Base64.getDecoder().decode(secretCiphertext.trim());
        byte[] secret;
        try {
            secret = keys.decrypt(ciphertext, SECRET_CONTEXT).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the pseudonymisation secret cannot be decrypted; refusing to run", e.getCause());
        }
        Pseudonymizer pseudonymizer = new Pseudonymizer(secret, Pseudonymizer.keyVersionOf(ciphertext));
        java.util.Arrays.fill(secret, (byte) 0);
        return new RecordDeidentification(store, new EnvelopeCipher(keys),
                new PatientDeidentifier(pseudonymizer, policy, maxShiftDays), events,
                new DeidentificationSettings(deidBucket, deidKey, policy, maxShiftDays), pseudonymizer.keyVersion());
    }
}
