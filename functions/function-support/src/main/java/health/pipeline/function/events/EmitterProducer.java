package health.pipeline.function.events;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.model.ports.EventPublisher;

@ApplicationScoped
public class EmitterProducer {

    @Produces
    @Singleton
    EventEmitter emitter(EventPublisher publisher, @ConfigProperty(name = "pipeline.function.name") String functionName) {
        return new EventEmitter(publisher, functionName, Clock.systemUTC());
    }
}
