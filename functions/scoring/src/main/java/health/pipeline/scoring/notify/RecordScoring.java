package health.pipeline.scoring.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import health.pipeline.scoring.features.EncounterObservations;
import health.pipeline.scoring.features.RecordReader;

/**
 * Scores every encounter with measurements in the de-identified records of one ingest and notifies clinicians.
 * Idempotent: a completion marker per ingest id is written last; notification ids derive from the input object,
 * the encounter and the model's SHA-256, so a retry re-sends the same ids.
 */
public final class RecordScoring {
    static final String NOTIFICATION_CHANNEL = "clinician-notifications";
    private static final Logger LOG = Logger.getLogger(RecordScoring.class);

    private final ObjectStore store;
    private final CompletionStage<EncounterScorer> scorer;
    private final EventEmitter events;
    private final String markerBucket;
    private final String markerKmsKeyId;

    /** @param scorer completes once the active model is loaded and verified; fails closed if it cannot be */
    public RecordScoring(ObjectStore store, CompletionStage<EncounterScorer> scorer, EventEmitter events,
            String markerBucket, String markerKmsKeyId) {
        this.store = store;
        this.scorer = scorer;
        this.events = events;
        this.markerBucket = markerBucket;
        this.markerKmsKeyId = markerKmsKeyId;
    }

    public CompletionStage<Void> score(RecordsDeidentified deidentified, String correlationId) {
        String marker = "scored/" + deidentified.ingestId() + ".json";
        return scorer.thenCompose(encounterScorer -> store.exists(markerBucket, marker).thenCompose(done -> {
            if (done) {
                LOG.infof("ingest %s already scored; nothing to do", deidentified.ingestId());
                return CompletableFuture.completedFuture(null);
            }
            List<CompletableFuture<Integer>> notified = new ArrayList<>();
            for (RecordsDeidentified.DeidentifiedRecord record : deidentified.records()) {
                notified.add(scoreRecord(encounterScorer, deidentified, record, correlationId).toCompletableFuture());
            }
            return CompletableFuture.allOf(notified.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
                int total = notified.stream().mapToInt(CompletableFuture::join).sum();
                return store.put(markerBucket, marker,
                        ("{\"ingestId\":\"" + deidentified.ingestId() + "\",\"notifications\":" + total + "}")
                                .getBytes(StandardCharsets.UTF_8),
                        "application/json", markerKmsKeyId, Map.of())
                        .thenAccept(written -> LOG.infof("scored %s: %d notifications", deidentified.ingestId(), total));
            });
        }));
    }

    private CompletionStage<Integer> scoreRecord(EncounterScorer encounterScorer, RecordsDeidentified deidentified,
            RecordsDeidentified.DeidentifiedRecord record, String correlationId) {
        return store.get(record.object().bucket(), record.object().key()).thenCompose(ndjson -> {
            List<EncounterScorer.Case> cases = new ArrayList<>();
            for (EncounterObservations observations : RecordReader.read(ndjson).values()) {
                if (encounterScorer.isScorable(observations)) {
                    cases.add(new EncounterScorer.Case(record.patient(), deidentified.source(), observations,
                            record.object()));
                }
            }
            List<RiskScored> scores = encounterScorer.score(cases, deidentified.policyVersion(), events.now());
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
            return chain.thenApply(done -> scores.size());
        });
    }
}
