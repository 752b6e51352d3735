package health.pipeline.ingestion.trigger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.IngestionSettings;
import health.pipeline.ingestion.intake.LandingReferences;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.ingestion.keys.RecordSealer;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.pseudonym.Pseudonymizer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Wires the plain-Java core to the AWS adapters and configuration. */
@ApplicationScoped
public class IngestionWiring {

    @Produces
    @Singleton
    DataKeyCache dataKeyCache(KeyService keys,
            @ConfigProperty(name = "pipeline.ingestion.data-keys.max-age", defaultValue = "PT5M") Duration maxAge,
            @ConfigProperty(name = "pipeline.ingestion.data-keys.max-messages", defaultValue = "10000") long maxMessages,
            @ConfigProperty(name = "pipeline.ingestion.data-keys.max-bytes", defaultValue = "1073741824") long maxBytes) {
        return new DataKeyCache(keys, new DataKeyCache.Bounds(maxAge, maxMessages, maxBytes, 16), Clock.systemUTC());
    }

    void wipe(@Disposes DataKeyCache cache) {
        cache.close();
    }

    /**
     * The pseudonymisation secret names landed files by keyed references (docs/adr/0070); decrypted once per cold
     * start, and the function does not start without it (fail closed).
     */
    @Produces
    @Singleton
    LandingReferences landingReferences(KeyService keys,
            @ConfigProperty(name = "pipeline.pseudonym.secret-ciphertext") String secretCiphertext,
            @ConfigProperty(name = "pipeline.ingestion.sources") Optional<Set<String>> sources) {
        return new LandingReferences(Pseudonymizer.fromSecretCiphertext(keys, secretCiphertext),
                sources.orElse(Set.of()));
    }

    @Produces
    @Singleton
    FileIngestion fileIngestion(ObjectStore store, S3AsyncClient s3, DataKeyCache cache, EventEmitter events,
            LandingReferences references,
            @ConfigProperty(name = "pipeline.buckets.raw") String rawBucket,
            @ConfigProperty(name = "pipeline.buckets.quarantine") String quarantineBucket,
            @ConfigProperty(name = "pipeline.keys.raw") String rawKey,
            @ConfigProperty(name = "pipeline.ingestion.data-keys.scope", defaultValue = "SOURCE")
            RecordSealer.KeyScope scope,
            @ConfigProperty(name = "pipeline.ingestion.max-object-bytes", defaultValue = "2147483648") long maxBytes) {
        return new FileIngestion(store, new S3ObjectSource(s3), new RecordSealer(cache, scope), events,
                new IngestionSettings(rawBucket, quarantineBucket, rawKey, Limits.defaults().withMaxObjectBytes(maxBytes)),
                references);
    }
}
