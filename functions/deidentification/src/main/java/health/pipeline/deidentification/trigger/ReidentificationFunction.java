package health.pipeline.deidentification.trigger;

import java.util.UUID;

import jakarta.inject.Inject;

import health.pipeline.deidentification.reidentification.PseudonymResolution;
import health.pipeline.deidentification.reidentification.ReidentificationRequest;
import health.pipeline.deidentification.reidentification.ReidentificationResult;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * The re-identification Lambda: invoked synchronously (IAM-authorised {@code lambda:InvokeFunction}, only by the
 * clinician alerting integration) with the clinician's bearer token as the identity provider issued it, the role
 * and purpose they act under, and the notification's pseudonym and input record. Who asks, their roles and their
 * facilities come from the verified token only (ADR 0081). Deployed from this same artifact as its own function with
 * {@code QUARKUS_FUNQY_EXPORT=reidentify}, its own role (raw-zone read, raw and pseudonym key decrypt, audit queue
 * send) and no queue trigger; see ADR 0022.
 */
public class ReidentificationFunction {

    @Inject
    PseudonymResolution resolution;

    @Funq("reidentify")
    public Uni<ReidentificationResult> reidentify(ReidentificationRequest request) {
        String correlationId = "reid-" + UUID.randomUUID();
        return Uni.createFrom().completionStage(() -> resolution.resolve(request, correlationId));
    }
}
