package health.pipeline.scoring.governance;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ModelPromoted;
import health.pipeline.contracts.ModelRef;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.function.security.BearerTokens;
import health.pipeline.model.crypto.DetachedSignatures;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.ModelManifest;
import health.pipeline.scoring.model.ModelPointer;

/**
 * The only way the active model changes: a ModelPromoted event (approver + evidence) moves {@code active.json}.
 *
 * <p>The approver is who the approval token says, not who the event says: the token (the organisation's identity
 * provider's JWT) must verify, carry the {@value #APPROVER_ROLE} role, and name the event's {@code approver} as its
 * subject, or the change is refused before anything is read.
 *
 * <p>A promotion needs evidence in the models bucket that is a golden-set gate report saying {@code pass} for exactly
 * the promoted sha256, signed by the gate-report key (a detached {@code <report>.sig} that verifies against the pinned
 * public key: whoever can write the models bucket cannot forge a passing gate), and a package that loads and
 * verifies. The report names who trained the candidate ({@code candidate.trainedBy}); that principal may not approve
 * it (four eyes). A rollback may return only to a model that was active
 * before (the pointer's history) or that is approved in its own manifest. When the event names the model it expects
 * to replace and that is not the active one, the change is refused as stale. Every outcome is audited; a refusal is
 * a governance decision, acknowledged and audited as {@code denied}, not retried. A package that cannot be read or
 * verified fails the message, which is retried and then dead-lettered.
 */
public final class ModelPromotion {
    private static final Logger LOG = Logger.getLogger(ModelPromotion.class);
    public static final String PROMOTE = "MODEL_PROMOTE";
    public static final String ROLLBACK = "MODEL_ROLLBACK";
    /** The identity provider's group of the people allowed to approve a change of the active model. */
    public static final String APPROVER_ROLE = "model-approver";

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final EventEmitter events;
    private final String pointerKmsKeyId;
    private final PublicKey gateReportKey;
    private final BearerTokens approvalTokens;

    /**
     * @param pointerKmsKeyId KMS key for the pointer object, or null for the bucket's default encryption
     * @param gateReportKey   public half of the key model-training signs gate reports with; null refuses every
     *                        promotion (nothing can be verified)
     * @param approvalTokens  verifier of the identity provider's tokens; null refuses every change
     */
    public ModelPromotion(ObjectStore store, ModelRegistry registry, EventEmitter events, String pointerKmsKeyId,
            PublicKey gateReportKey, BearerTokens approvalTokens) {
        this.store = store;
        this.registry = registry;
        this.events = events;
        this.pointerKmsKeyId = pointerKmsKeyId;
        this.gateReportKey = gateReportKey;
        this.approvalTokens = approvalTokens;
    }

    /** What happened to one ModelPromoted event. */
    public enum Outcome { APPLIED, ALREADY_APPLIED, DENIED }

    public CompletionStage<Outcome> apply(ModelPromoted event, String eventId, String correlationId) {
        Optional<String> unverified = approverRefusal(event);
        if (unverified.isPresent()) {
            return deny(event, eventId, correlationId, unverified.get());
        }
        ModelLoader loader = registry.loader();
        boolean rollback = "rollback".equals(event.decision());
        return loader.readPointer(ModelPointer.ACTIVE).thenCompose(current -> {
            Optional<String> refusal = refuseByPointer(event, eventId, current);
            if (refusal.isPresent()) {
                return deny(event, eventId, correlationId, refusal.get());
            }
            if (current.isPresent() && current.get().sha256() != null
                    && current.get().sha256().equals(event.model().sha256()) && eventId.equals(current.get().eventId())) {
                return audit(event, eventId, correlationId, "success", Map.of()).thenApply(v -> Outcome.ALREADY_APPLIED);
            }
            String manifestKey = ModelPointer.manifestKey(event.model());
            return loader.load(manifestKey, event.model().sha256()).thenCompose(model -> {
                ModelManifest manifest = model.manifest();
                model.close(); // loaded only to prove it verifies and runs; the registry loads its own
                return evidenceRefusal(event, rollback, manifest, current, loader.bucket()).thenCompose(evidence -> {
                    if (evidence.isPresent()) {
                        return deny(event, eventId, correlationId, evidence.get());
                    }
                    ModelPointer next = new ModelPointer(event.model().name(), event.model().version(),
                            event.model().sha256(), manifestKey, event.decision(), event.approver(), event.evidence(),
                            eventId, events.now(), history(current));
                    byte[] bytes = json(next);
                    return store.put(loader.bucket(), ModelPointer.ACTIVE, bytes, "application/json", pointerKmsKeyId,
                            Map.of()).thenCompose(written -> {
                                registry.invalidate();
                                LOG.infof("%s: %s@%s is active (event %s)", rollback ? ROLLBACK : PROMOTE,
                                        event.model().name(), event.model().version(), eventId);
                                return audit(event, eventId, correlationId, "success",
                                        Map.of("pointerSha256", Hashes.sha256Hex(bytes)));
                            }).thenApply(v -> Outcome.APPLIED);
                });
            });
        });
    }

    /** The token proves who approved: it verifies, names the event's approver and carries the approver role. */
    private Optional<String> approverRefusal(ModelPromoted event) {
        if (approvalTokens == null) {
            return Optional.of("APPROVER_UNVERIFIABLE");
        }
        if (event.approvalToken() == null) {
            return Optional.of("APPROVER_NOT_VERIFIED");
        }
        BearerTokens.Caller caller;
        try {
            caller = approvalTokens.verify(event.approvalToken());
        } catch (BearerTokens.InvalidTokenException e) {
            LOG.warnf("ModelPromoted approval token refused: %s", e.getMessage());
            return Optional.of("APPROVER_NOT_VERIFIED");
        }
        if (!caller.subject().equals(event.approver())) {
            return Optional.of("APPROVER_NOT_THE_TOKEN_SUBJECT");
        }
        return caller.roles().contains(APPROVER_ROLE) ? Optional.empty() : Optional.of("APPROVER_NOT_AUTHORISED");
    }

    private static Optional<String> refuseByPointer(ModelPromoted event, String eventId,
            Optional<ModelPointer> current) {
        if (event.previous() != null && current.isPresent() && current.get().sha256() != null
                && !event.previous().sha256().equals(current.get().sha256())
                && !(event.model().sha256().equals(current.get().sha256()) && eventId.equals(current.get().eventId()))) {
            return Optional.of("STALE_PREVIOUS");
        }
        return Optional.empty();
    }

    private CompletionStage<Optional<String>> evidenceRefusal(ModelPromoted event, boolean rollback,
            ModelManifest manifest, Optional<ModelPointer> current, String modelsBucket) {
        if (!modelsBucket.equals(event.evidence().bucket())) {
            return CompletableFuture.completedFuture(Optional.of("EVIDENCE_OUTSIDE_MODELS_BUCKET"));
        }
        return store.exists(event.evidence().bucket(), event.evidence().key()).thenCompose(exists -> {
            if (!exists) {
                return CompletableFuture.completedFuture(Optional.of("EVIDENCE_MISSING"));
            }
            if (rollback) {
                boolean wasActive = current.map(ModelPointer::history).orElse(List.of()).stream()
                        .anyMatch(m -> m.sha256().equals(event.model().sha256()));
                return CompletableFuture.completedFuture(wasActive || manifest.approved() ? Optional.<String>empty()
                        : Optional.of("ROLLBACK_TARGET_NEVER_APPROVED"));
            }
            if (gateReportKey == null) {
                return CompletableFuture.completedFuture(Optional.of("GATE_REPORT_UNVERIFIABLE"));
            }
            String signatureKey = DetachedSignatures.signatureKey(event.evidence().key());
            return store.exists(event.evidence().bucket(), signatureKey).thenCompose(signed -> !signed
                    ? CompletableFuture.completedFuture(Optional.of("GATE_REPORT_UNSIGNED"))
                    : store.get(event.evidence().bucket(), event.evidence().key()).thenCombine(
                            store.get(event.evidence().bucket(), signatureKey),
                            (report, signature) -> DetachedSignatures.verify(gateReportKey, report, signature)
                                    ? gateRefusal(event, report) : Optional.of("GATE_REPORT_SIGNATURE_INVALID")));
        });
    }

    /** What a verified gate report says about the promoted model. */
    private static Optional<String> gateRefusal(ModelPromoted event, byte[] bytes) {
        JsonNode report;
        try {
            report = ModelLoader.json().readTree(bytes);
        } catch (java.io.IOException e) {
            return Optional.of("EVIDENCE_NOT_A_GATE_REPORT");
        }
        if (!"golden-set".equals(report.path("gate").asText())) {
            return Optional.of("EVIDENCE_NOT_A_GATE_REPORT");
        }
        if (!event.model().sha256().equals(report.path("candidate").path("sha256").asText())) {
            return Optional.of("EVIDENCE_FOR_ANOTHER_MODEL");
        }
        if (!"pass".equals(report.path("decision").asText())) {
            return Optional.of("GATE_REFUSED");
        }
        // Four eyes: whoever trained the model cannot approve it. The trainer comes from the signed report, not from a
        // manifest anyone with write access to the bucket could edit.
        String trainer = report.path("candidate").path("trainedBy").asText("");
        if (trainer.isBlank()) {
            return Optional.of("TRAINER_UNKNOWN");
        }
        return trainer.equals(event.approver()) ? Optional.of("APPROVER_IS_TRAINER") : Optional.empty();
    }

    private static List<ModelRef> history(Optional<ModelPointer> current) {
        List<ModelRef> history = new ArrayList<>();
        current.ifPresent(pointer -> {
            if (pointer.history() != null) {
                history.addAll(pointer.history());
            }
            history.add(pointer.ref());
        });
        return List.copyOf(history);
    }

    private CompletionStage<Outcome> deny(ModelPromoted event, String eventId, String correlationId, String reason) {
        LOG.warnf("ModelPromoted %s refused: %s (%s %s@%s)", eventId, reason, event.decision(), event.model().name(),
                event.model().version());
        return audit(event, eventId, correlationId, "denied", Map.of("refusal", reason)).thenApply(v -> Outcome.DENIED);
    }

    private CompletionStage<Void> audit(ModelPromoted event, String eventId, String correlationId, String outcome,
            Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("event", eventId);
        details.put("decision", event.decision());
        details.put("modelSha256", event.model().sha256());
        if (event.previous() != null) {
            details.put("previous", event.previous().name() + "@" + event.previous().version());
        }
        details.put("executedBy", events.functionName());
        details.putAll(extra);
        List<ObjectRef> objects = List.of(event.evidence());
        return events.audit("audit-governance-" + Hashes.sha256Hex(eventId).substring(0, 32), correlationId,
                new AuditEvent(event.approver(), "rollback".equals(event.decision()) ? ROLLBACK : PROMOTE, outcome,
                        "HOPERAT", null, objects, event.model().name() + "@" + event.model().version(), null, null,
                        details, events.now()));
    }

    private static byte[] json(ModelPointer pointer) {
        try {
            return ModelLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(pointer)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the model pointer cannot be written as JSON");
        }
    }
}
