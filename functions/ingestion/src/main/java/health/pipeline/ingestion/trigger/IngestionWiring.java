package health.pipeline.ingestion.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.IngestionSettings;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.ObjectStore;

/** Wires the plain-Java core to the AWS adapters and configuration. */
@ApplicationScoped
public class IngestionWiring {

    @Produces
    @Singleton
    FileIngestion fileIngestion(ObjectStore store, KeyService keys, EventEmitter events,
            @ConfigProperty(name = "pipeline.buckets.raw") String rawBucket,
            @ConfigProperty(name = "pipeline.buckets.quarantine") String quarantineBucket,
            @ConfigProperty(name = "pipeline.keys.raw") String rawKey,
            @ConfigProperty(name = "pipeline.ingestion.max-object-bytes", defaultValue = "104857600") long maxBytes) {
        return new FileIngestion(store, new EnvelopeCipher(keys), events,
                new IngestionSettings(rawBucket, quarantineBucket, rawKey, maxBytes));
    }
}
