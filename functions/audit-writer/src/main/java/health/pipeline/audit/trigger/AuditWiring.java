package health.pipeline.audit.trigger;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the audit writer; the object store, the KMS signer and AWS clients come from function-support. */
public class AuditWiring {

    /** When entries are recorded, checkpoints issued and retention reached. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
