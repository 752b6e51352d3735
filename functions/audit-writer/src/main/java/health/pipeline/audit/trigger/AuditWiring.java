package health.pipeline.audit.trigger;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import health.pipeline.audit.aws.KmsSigner;
import health.pipeline.model.ports.Signer;
import software.amazon.awssdk.services.kms.KmsAsyncClient;

/** CDI wiring of the audit writer's ports; the object store and AWS clients come from function-support. */
public class AuditWiring {

    @Produces
    @Singleton
    Signer signer(KmsAsyncClient kms) {
        return new KmsSigner(kms);
    }

    /** When entries are recorded, checkpoints issued and retention reached. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
