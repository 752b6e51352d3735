package health.pipeline.audit.trigger;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import health.pipeline.model.ports.EventPublisher;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.ports.Signer;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;
import health.pipeline.model.ports.memory.RecordingEventPublisher;

/**
 * The writer's tests sign, archive and publish its maintenance requests in memory, on a clock they can set; KmsSignerTest covers the KMS
 * adapter and the end-to-end tests the SQS one.
 */
public class InMemoryPorts {
    static final InMemorySigner SIGNER = new InMemorySigner();
    static final InMemoryObjectStore ARCHIVE = new InMemoryObjectStore();
    static final RecordingEventPublisher REQUESTS = new RecordingEventPublisher();
    static final TestClock CLOCK = new TestClock();

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

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    EventPublisher requests() {
        return REQUESTS;
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    Clock clock() {
        return CLOCK;
    }
}
