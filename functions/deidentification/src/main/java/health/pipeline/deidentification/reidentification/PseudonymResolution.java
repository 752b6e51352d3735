package health.pipeline.deidentification.reidentification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.records.DeidZone;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.function.security.BearerTokens;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Resolves a patient pseudonym back to the source identifiers, for a verified clinician, in a role and for a purpose
 * the policy allows, for a patient of a facility their token names, within their rate limit, and only the identifiers
 * their role needs (ADR 0081).
 *
 * <p>Pseudonyms are one-way HMACs, so there is nothing to look up: the notification names the de-identified record it
 * came from, that record's key names the raw record and its source facility (see {@link DeidZone}), and the raw record
 * is opened (KMS and the envelope check bucket, key and source) and its Patient's pseudonym recomputed. Only if it
 * equals the requested one are identifiers returned; a forged or mismatched pair reveals nothing.
 *
 * <p>Every attempt, resolved, denied, not found or failed (a malformed request or a KMS outage included), is an
 * AuditEvent ({@code REIDENTIFY}) naming the verified requester (or {@value #UNVERIFIED}), role, purpose, pseudonym,
 * facility and a reason code, never an identifier. No entry, no answer: if the audit write fails, so does the call.
 */
public final class PseudonymResolution {
    static final String UNVERIFIED = "unverified-caller";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    private static final Pattern DETAIL = Pattern.compile("[A-Za-z0-9._:@/+=-]{0,128}");
    private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private final ObjectStore store;
    private final EnvelopeCipher cipher;
    private final Pseudonymizer pseudonymizer;
    private final DeidentificationPolicy policy;
    private final EventEmitter events;
    private final BearerTokens tokens;
    private final RequesterRateLimit rateLimit;
    private final String rawBucket;
    private final String deidBucket;

    public PseudonymResolution(ObjectStore store, EnvelopeCipher cipher, Pseudonymizer pseudonymizer,
            DeidentificationPolicy policy, EventEmitter events, BearerTokens tokens, RequesterRateLimit rateLimit,
            String rawBucket, String deidBucket) {
        this.store = store;
        this.cipher = cipher;
        this.pseudonymizer = pseudonymizer;
        this.policy = policy;
        this.events = events;
        this.tokens = tokens;
        this.rateLimit = rateLimit;
        this.rawBucket = rawBucket;
        this.deidBucket = deidBucket;
    }

    /** What the audit entry of one attempt says; filled in as the attempt gets further. */
    private static final class Attempt {
        String actor = UNVERIFIED;
        String role = "none";
        String purpose = "UNKNOWN";
        String patient;
        String record = "none";
        String facility;
        List<ObjectRef> objects = List.of();
    }

    private static final class Refused extends RuntimeException {
        final ReidentificationResult.Outcome outcome;
        final String reason;

        Refused(ReidentificationResult.Outcome outcome, String reason) {
            super(reason, null, false, false);
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    public CompletionStage<ReidentificationResult> resolve(ReidentificationRequest request, String correlationId) {
        Attempt attempt = new Attempt();
        CompletionStage<ReidentificationResult> resolution;
        try {
            resolution = authoriseAndResolve(request, attempt);
        } catch (RuntimeException e) {
            resolution = CompletableFuture.failedFuture(e);
        }
        return resolution.handle((result, error) -> {
            if (error == null) {
                String disclosed = String.join("+", new java.util.TreeSet<>(disclosuresOf(attempt.role)));
                return audited(attempt, correlationId, result, null, disclosed);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof Refused refused) {
                return audited(attempt, correlationId, ReidentificationResult.of(refused.outcome), refused.reason, null);
            }
            // Audited, then the caller sees the error (a KMS outage is not "not found"); the message names no PHI.
            return audited(attempt, correlationId, null, "internalError", null)
                    .<ReidentificationResult>thenApply(done -> {
                        throw new CompletionException(new IllegalStateException(
                                "re-identification failed (" + cause.getClass().getSimpleName() + ")"));
                    });
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<ReidentificationResult> authoriseAndResolve(ReidentificationRequest request, Attempt attempt) {
        if (request == null) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "malformedRequest");
        }
        attempt.role = detail(request.role());
        attempt.purpose = request.purpose() != null && PURPOSE.matcher(request.purpose()).matches()
                ? request.purpose() : "UNKNOWN";
        attempt.record = request.record() == null ? "none" : detail(request.record().key());
        if (Pseudonymizer.isPatientPseudonym(request.patient())) {
            attempt.patient = request.patient();
        }
        BearerTokens.Caller caller;
        try {
            if (request.token() == null || request.token().isBlank()) {
                throw new BearerTokens.InvalidTokenException("no token");
            }
            caller = tokens.verify(request.token());
        } catch (BearerTokens.InvalidTokenException e) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "tokenInvalid");
        }
        attempt.actor = caller.subject();
        if (!rateLimit.tryAcquire(caller.subject())) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "rateLimited");
        }
        if (request.role() == null || !caller.roles().contains(request.role())
                || !policy.reidentifyRoles().contains(request.role())) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "roleNotAllowed");
        }
        if (request.purpose() == null || !policy.reidentifyPurposes().contains(request.purpose())) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "purposeNotAllowed");
        }
        if (attempt.patient == null) {
            throw new Refused(ReidentificationResult.Outcome.NOT_FOUND, "notAPseudonym");
        }
        ObjectRef raw;
        String source;
        try {
            if (request.record() == null || !deidBucket.equals(request.record().bucket())) {
                throw new IllegalArgumentException("record outside the deid zone");
            }
            raw = new ObjectRef(rawBucket, DeidZone.rawKeyFor(request.record().key()));
            source = DeidZone.sourceOf(raw.key());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Refused(ReidentificationResult.Outcome.NOT_FOUND, "notADeidentifiedRecord");
        }
        attempt.facility = detail(source);
        // The source is part of the raw object's encryption context, so a record cannot claim another facility.
        if (!caller.facilities().contains(source)) {
            throw new Refused(ReidentificationResult.Outcome.DENIED, "facilityNotInToken");
        }
        attempt.objects = List.of(raw);
        Map<String, String> context = Map.of("bucket", raw.bucket(), "key", raw.key(), "source", source);
        return store.get(raw.bucket(), raw.key())
                .exceptionally(error -> {
                    if (unwrap(error) instanceof ObjectStore.NotFound) {
                        throw new Refused(ReidentificationResult.Outcome.NOT_FOUND, "rawRecordMissing");
                    }
                    throw new CompletionException(unwrap(error));
                })
                .thenCompose(sealed -> cipher.open(sealed, context))
                .thenApply(plaintext -> {
                    JsonNode record = recordOf(plaintext);
                    JsonNode patient = PatientDeidentifier.patientOf(record);
                    if (patient == null) {
                        throw new Refused(ReidentificationResult.Outcome.NOT_FOUND, "noPatient");
                    }
                    // the record's patient key, as de-identification derived the pseudonym (ADR 0072)
                    String actual = pseudonymizer.pseudonym("patient", PatientDeidentifier.patientKeyOf(record));
                    if (!actual.equals(attempt.patient)) {
                        throw new Refused(ReidentificationResult.Outcome.NOT_FOUND, "pseudonymMismatch");
                    }
                    return disclosed(patient, disclosuresOf(request.role()));
                });
    }

    private Set<String> disclosuresOf(String role) {
        return role == null ? Set.of() : policy.reidentifyDisclosures().getOrDefault(role, Set.of());
    }

    private JsonNode recordOf(byte[] plaintext) {
        try {
            return JSON.readTree(plaintext);
        } catch (IOException e) {
            throw new IllegalStateException("the raw record is not readable JSON");
        }
    }

    /** Minimum necessary: only what the role is shown (names, birth date, identifiers of the listed v2-0203 types). */
    private static ReidentificationResult disclosed(JsonNode patient, Set<String> shown) {
        List<JsonNode> names = new ArrayList<>();
        if (shown.contains(DeidentificationPolicy.DISCLOSE_NAME)) {
            patient.path("name").forEach(names::add);
        }
        List<JsonNode> identifiers = new ArrayList<>();
        for (JsonNode identifier : patient.path("identifier")) {
            for (JsonNode coding : identifier.path("type").path("coding")) {
                if (V2_0203.equals(coding.path("system").asText()) && shown.contains(
                        DeidentificationPolicy.DISCLOSE_IDENTIFIER_PREFIX + coding.path("code").asText())) {
                    identifiers.add(identifier);
                    break;
                }
            }
        }
        String birthDate = shown.contains(DeidentificationPolicy.DISCLOSE_BIRTH_DATE)
                ? patient.path("birthDate").asText(null) : null;
        return new ReidentificationResult(ReidentificationResult.Outcome.RESOLVED, List.copyOf(names),
                List.copyOf(identifiers), birthDate);
    }

    /** @param result null for a failed attempt (the caller then sees the error) */
    private CompletionStage<ReidentificationResult> audited(Attempt attempt, String correlationId,
            ReidentificationResult result, String reason, String disclosed) {
        String outcome = result == null ? "failure" : switch (result.outcome()) {
            case RESOLVED -> "success";
            case DENIED -> "denied";
            case NOT_FOUND -> "failure";
        };
        Map<String, String> details = new LinkedHashMap<>();
        details.put("role", attempt.role);
        details.put("requestedRecord", attempt.record);
        if (attempt.facility != null) {
            details.put("facility", attempt.facility);
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        if (disclosed != null) {
            details.put("disclosed", detail(disclosed));
        }
        // The audit id is unique per call: every call is its own auditable event, repeated calls included.
        String auditId = "audit-reidentify-" + UUID.randomUUID();
        return events.audit(auditId, correlationId, new AuditEvent(attempt.actor, "REIDENTIFY", outcome,
                attempt.purpose, attempt.patient, attempt.objects, null, policy.version(), pseudonymizer.keyVersion(),
                Map.copyOf(details), events.now()))
                .thenApply(done -> result);
    }

    /** Audit details allow identifier-like strings only; anything else is replaced rather than rejected. */
    private static String detail(String value) {
        if (value == null) {
            return "none";
        }
        return DETAIL.matcher(value).matches() ? value : "invalid";
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
