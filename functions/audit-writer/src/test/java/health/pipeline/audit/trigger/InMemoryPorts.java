package health.pipeline.audit.trigger;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.ports.Signer;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;

/** The writer's tests sign and archive in memory; KmsSignerTest covers the KMS adapter. */
public class InMemoryPorts {
    static final InMemorySigner SIGNER = new InMemorySigner();
    static final InMemoryObjectStore ARCHIVE = new InMemoryObjectStore();

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    Signer signer() {
        return SIGNER;
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    ObjectStore archive() {
        return ARCHIVE;
    }
}
