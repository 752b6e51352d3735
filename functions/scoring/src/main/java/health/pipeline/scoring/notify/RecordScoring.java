package health.pipeline.scoring.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.contracts.RiskScored;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;
import health.pipeline.scoring.drift.MetricsSink;
import health.pipeline.scoring.features.EncounterObservations;
import health.pipeline.scoring.features.RecordReader;
import health.pipeline.scoring.governance.ModelRegistry;

/**
 * Scores every encounter with measurements in the de-identified records of one ingest and notifies clinicians.
 * A shadow candidate, when there is one, scores the same cases; its results go to the audit trail and metrics only,
 * never to the clinician channel. Idempotent: a completion marker per ingest id is written last; notification ids
 * derive from the input object, the encounter and the model's SHA-256, so a retry re-sends the same ids.
 */
public final class RecordScoring {
    static final String NOTIFICATION_CHANNEL = "clinician-notifications";
    public static final String SHADOW_SCORE = "SHADOW_SCORE";
    private static final Logger LOG = Logger.getLogger(RecordScoring.class);

    private final ObjectStore store;
    private final ModelRegistry models;
    private final EventEmitter events;
    private final MetricsSink metrics;
    private final String markerBucket;
    private final String markerKmsKeyId;

    public RecordScoring(ObjectStore store, ModelRegistry models, EventEmitter events, MetricsSink metrics,
            String markerBucket, String markerKmsKeyId) {
        this.store = store;
        this.models = models;
        this.events = events;
        this.metrics = metrics;
        this.markerBucket = markerBucket;
        this.markerKmsKeyId = markerKmsKeyId;
    }

    public CompletionStage<Void> score(RecordsDeidentified deidentified, String correlationId) {
        String marker = "scored/" + deidentified.ingestId() + ".json";
        return models.current().thenCompose(current -> store.exists(markerBucket, marker).thenCompose(done -> {
            if (done) {
                LOG.infof("ingest %s already scored; nothing to do", deidentified.ingestId());
                return CompletableFuture.completedFuture(null);
            }
            List<CompletableFuture<Integer>> notified = new ArrayList<>();
            for (RecordsDeidentified.DeidentifiedRecord record : deidentified.records()) {
                notified.add(scoreRecord(current, deidentified, record, correlationId).toCompletableFuture());
            }
            return CompletableFuture.allOf(notified.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
                int total = notified.stream().mapToInt(CompletableFuture::join).sum();
                current.drift().emit();
                return store.put(markerBucket, marker,
                        ("{\"ingestId\":\"" + deidentified.ingestId() + "\",\"notifications\":" + total + "}")
                                .getBytes(StandardCharsets.UTF_8),
                        "application/json", markerKmsKeyId, Map.of())
                        .thenAccept(written -> LOG.infof("scored %s: %d notifications", deidentified.ingestId(), total));
            });
        }));
    }

    private CompletionStage<Integer> scoreRecord(ModelRegistry.Models current, RecordsDeidentified deidentified,
            RecordsDeidentified.DeidentifiedRecord record, String correlationId) {
        EncounterScorer active = current.active();
        return store.get(record.object().bucket(), record.object().key()).thenCompose(ndjson -> {
            List<EncounterScorer.Case> cases = new ArrayList<>();
            for (EncounterObservations observations : RecordReader.read(ndjson).values()) {
                if (active.isScorable(observations)) {
                    cases.add(new EncounterScorer.Case(record.patient(), deidentified.source(), observations,
                            record.object()));
                }
            }
            EncounterScorer.Batch batch = active.score(cases, deidentified.policyVersion(), events.now());
            current.drift().observe(batch.values());
            List<RiskScored> scores = batch.scores();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (RiskScored score : scores) {
                String id = "risk-" + Hashes.sha256Hex(record.object().key() + "|" + score.encounter() + "|"
                        + score.model().sha256()).substring(0, 32);
                Map<String, String> attributes = Map.of("facility", score.facility(), "unit", score.unit(),
                        "band", score.band(), "reviewRequired", String.valueOf(score.reviewRequired()));
                chain = chain.thenCompose(previous -> events
                        .emit(NOTIFICATION_CHANNEL, EventTypes.RISK_SCORED, id, score.patient(), correlationId, score,
                                attributes)
                        .thenCompose(sent -> events.audit("audit-" + id, correlationId, new AuditEvent(
                                events.functionName(), "SCORE", "success", "TREAT", score.patient(),
                                List.of(record.object()), score.model().name() + "@" + score.model().version(),
                                score.policyVersion(), null,
                                Map.of("encounter", score.encounter(), "band", score.band(),
                                        "reviewRequired", String.valueOf(score.reviewRequired()),
                                        "modelSha256", score.model().sha256()),
                                events.now())))
                        .toCompletableFuture());
            }
            if (current.shadow().isPresent() && !cases.isEmpty()) {
                chain = chain.thenCompose(sent -> shadow(current.shadow().get(), cases, scores, deidentified, record,
                        correlationId).toCompletableFuture());
            }
            return chain.thenApply(done -> scores.size());
        });
    }

    /** The candidate on the same cases: audited and counted, never published to clinicians. */
    private CompletionStage<Void> shadow(EncounterScorer candidate, List<EncounterScorer.Case> cases,
            List<RiskScored> activeScores, RecordsDeidentified deidentified,
            RecordsDeidentified.DeidentifiedRecord record, String correlationId) {
        List<RiskScored> shadowScores = candidate.score(cases, deidentified.policyVersion(), events.now()).scores();
        int disagreements = 0;
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < shadowScores.size(); i++) {
            RiskScored shadow = shadowScores.get(i);
            RiskScored active = activeScores.get(i);
            disagreements += shadow.band().equals(active.band()) ? 0 : 1;
            String id = "audit-shadow-" + Hashes.sha256Hex(record.object().key() + "|" + shadow.encounter() + "|"
                    + shadow.model().sha256()).substring(0, 32);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("encounter", shadow.encounter());
            details.put("score", String.format(Locale.ROOT, "%.4f", shadow.score()));
            details.put("band", shadow.band());
            details.put("reviewRequired", String.valueOf(shadow.reviewRequired()));
            details.put("modelSha256", shadow.model().sha256());
            details.put("activeScore", String.format(Locale.ROOT, "%.4f", active.score()));
            details.put("activeBand", active.band());
            details.put("activeModel", active.model().name() + "@" + active.model().version());
            AuditEvent audit = new AuditEvent(events.functionName(), SHADOW_SCORE, "success", "HOPERAT",
                    shadow.patient(), List.of(record.object()), shadow.model().name() + "@" + shadow.model().version(),
                    shadow.policyVersion(), null, details, events.now());
            chain = chain.thenCompose(previous -> events.audit(id, correlationId, audit).toCompletableFuture());
        }
        metrics.record(Map.of("Model", candidate.modelRef().name(), "ModelVersion", candidate.modelRef().version(),
                "Role", "shadow"), Map.of("ShadowScored", (double) shadowScores.size(),
                        "ShadowBandDisagreements", (double) disagreements));
        return chain;
    }
}
