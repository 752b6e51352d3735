package health.pipeline.deidentification.reidentification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.records.DeidZone;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Resolves a patient pseudonym back to the source identifiers, for the roles and purposes the policy allows.
 *
 * <p>Pseudonyms are one-way HMACs, so there is nothing to look up: the notification names the de-identified record it
 * came from, that record's key names the raw record (see {@link DeidZone}), and the raw record is opened (KMS checks
 * its encryption context) and its Patient's pseudonym recomputed. Only if it equals the requested one are the
 * identifiers returned; a forged or mismatched pair reveals nothing. Every call, resolved, denied or not found, is an
 * AuditEvent ({@code REIDENTIFY}) naming the requester, role, purpose and pseudonym, never an identifier.
 */
public final class PseudonymResolution {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final EnvelopeCipher cipher;
    private final Pseudonymizer pseudonymizer;
    private final DeidentificationPolicy policy;
    private final EventEmitter events;
    private final String rawBucket;
    private final String deidBucket;

    public PseudonymResolution(ObjectStore store, EnvelopeCipher cipher, Pseudonymizer pseudonymizer,
            DeidentificationPolicy policy, EventEmitter events, String rawBucket, String deidBucket) {
        this.store = store;
        this.cipher = cipher;
        this.pseudonymizer = pseudonymizer;
        this.policy = policy;
        this.events = events;
        this.rawBucket = rawBucket;
        this.deidBucket = deidBucket;
    }

    public CompletionStage<ReidentificationResult> resolve(ReidentificationRequest request, String correlationId) {
        if (!policy.reidentifyRoles().contains(request.role()) || !policy.reidentifyPurposes().contains(request.purpose())) {
            return audited(request, correlationId, ReidentificationResult.of(ReidentificationResult.Outcome.DENIED),
                    List.of(), "roleOrPurposeNotAllowed");
        }
        ObjectRef raw;
        String source;
        try {
            if (!deidBucket.equals(request.record().bucket())) {
                throw new IllegalArgumentException("record outside the deid zone");
            }
            raw = new ObjectRef(rawBucket, DeidZone.rawKeyFor(request.record().key()));
            source = DeidZone.sourceOf(raw.key());
        } catch (IllegalArgumentException e) {
            return audited(request, correlationId, ReidentificationResult.of(ReidentificationResult.Outcome.NOT_FOUND),
                    List.of(), "notADeidentifiedRecord");
        }
        Map<String, String> context = Map.of("bucket", raw.bucket(), "key", raw.key(), "source", source);
        return store.get(raw.bucket(), raw.key())
                .thenCompose(sealed -> cipher.open(sealed, context))
                .thenApply(this::recordOf)
                .handle((record, error) -> {
                    if (error != null) {
                        if (unwrap(error) instanceof ObjectStore.NotFound) {
                            return new Found(null, null, "rawRecordMissing");
                        }
                        throw new CompletionException(unwrap(error));
                    }
                    JsonNode patient = PatientDeidentifier.patientOf(record);
                    return patient == null ? new Found(null, null, "noPatient")
                            : new Found(patient, PatientDeidentifier.patientKeyOf(record), null);
                })
                .thenCompose(found -> {
                    if (found.patient() == null) {
                        return audited(request, correlationId,
                                ReidentificationResult.of(ReidentificationResult.Outcome.NOT_FOUND), List.of(raw), found.reason());
                    }
                    String actual = pseudonymizer.pseudonym("patient", found.patientKey());
                    if (!actual.equals(request.patient())) {
                        return audited(request, correlationId,
                                ReidentificationResult.of(ReidentificationResult.Outcome.NOT_FOUND), List.of(raw),
                                "pseudonymMismatch");
                    }
                    return audited(request, correlationId, resolved(found.patient()), List.of(raw), null);
                });
    }

    private record Found(JsonNode patient, String patientKey, String reason) {
    }

    private JsonNode recordOf(byte[] plaintext) {
        try {
            return JSON.readTree(plaintext);
        } catch (IOException e) {
            throw new IllegalStateException("the raw record is not readable JSON");
        }
    }

    private static ReidentificationResult resolved(JsonNode patient) {
        List<JsonNode> names = new ArrayList<>();
        patient.path("name").forEach(names::add);
        List<JsonNode> identifiers = new ArrayList<>();
        patient.path("identifier").forEach(identifiers::add);
        return new ReidentificationResult(ReidentificationResult.Outcome.RESOLVED, List.copyOf(names),
                List.copyOf(identifiers), patient.path("birthDate").asText(null));
    }

    private CompletionStage<ReidentificationResult> audited(ReidentificationRequest request, String correlationId,
            ReidentificationResult result, List<ObjectRef> objects, String reason) {
        String outcome = switch (result.outcome()) {
            case RESOLVED -> "success";
            case DENIED -> "denied";
            case NOT_FOUND -> "failure";
        };
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("role", safe(request.role()));
        details.put("requestedRecord", safe(request.record() == null ? "" : request.record().key()));
        if (reason != null) {
            details.put("reason", reason);
        }
        String patient = request.patient() != null && request.patient().matches("[A-Za-z0-9_-]{8,128}") ? request.patient() : null;
        String purpose = request.purpose() != null && request.purpose().matches("[A-Z][A-Z0-9_-]{0,31}") ? request.purpose() : "UNKNOWN";
        String actor = request.requester() != null && request.requester().matches("[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,255}")
                ? request.requester() : "unidentified-caller";
        // The audit id is unique per call: every call is its own auditable event, repeated calls included.
        String auditId = "audit-reidentify-" + java.util.UUID.randomUUID();
        return events.audit(auditId, correlationId, new AuditEvent(actor, "REIDENTIFY", outcome, purpose, patient,
                objects, null, policy.version(), pseudonymizer.keyVersion(), Map.copyOf(details), events.now()))
                .thenApply(done -> result);
    }

    /** Audit details allow identifier-like strings only; anything else is replaced rather than rejected. */
    private static String safe(String value) {
        return value != null && value.matches("[A-Za-z0-9._:@/+=-]{0,128}") ? value : "invalid";
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
