package health.pipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One auditable access to patient data. Carries pseudonyms and object references only.
 *
 * @param actor         who acted: a function name or a user/role
 * @param action        what was done, e.g. {@code INGEST}, {@code QUARANTINE}, {@code DEIDENTIFY}, {@code SCORE}, {@code NOTIFY}
 * @param outcome       {@code success}, {@code failure} or {@code denied}
 * @param purpose       purpose of use, e.g. {@code TREAT}, {@code HOPERAT}
 * @param patient       patient pseudonym, when one patient is concerned
 * @param objects       objects read or written
 * @param modelVersion  model name@version when a model was involved
 * @param policyVersion de-identification or scoring policy version
 * @param keyVersion    version of the key material used
 * @param details       content-free details (codes, counts)
 */
public record AuditEvent(String actor, String action, String outcome, String purpose, String patient,
        List<ObjectRef> objects, String modelVersion, String policyVersion, String keyVersion,
        Map<String, String> details, Instant occurredAt) {
}
