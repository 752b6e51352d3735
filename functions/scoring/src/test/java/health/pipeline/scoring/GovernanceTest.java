package health.pipeline.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.ModelPromoted;
import health.pipeline.contracts.ModelRef;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.contracts.RiskScored;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.RecordingEventPublisher;
import health.pipeline.scoring.drift.EmbeddedMetricFormat;
import health.pipeline.scoring.governance.ModelPromotion;
import health.pipeline.scoring.governance.ModelRegistry;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.notify.RecordScoring;

/**
 * Shadow scoring, promotion and rollback on the committed models bucket (active 1.0.0, shadow candidate 1.1.0),
 * through ONNX Runtime, with the real codec validating every event.
 */
class GovernanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVER = "arn:aws:sts::111122223333:assumed-role/model-approver/cso-0042";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private InMemoryObjectStore store;
    private RecordingEventPublisher published;
    private ByteArrayOutputStream metricLines;
    private ModelRegistry registry;
    private RecordScoring scoring;
    private ModelPromotion promotion;
    private ModelRef reference;
    private ModelRef candidate;

    @BeforeEach
    void wire() throws Exception {
        store = EncounterScoringTest.storeWithModels();
        published = new RecordingEventPublisher();
        metricLines = new ByteArrayOutputStream();
        var metrics = new EmbeddedMetricFormat(new PrintStream(metricLines, true, StandardCharsets.UTF_8), CLOCK);
        var events = new EventEmitter(published, "scoring", CLOCK);
        // refresh every time: each message sees the current pointers, as a warm instance would after its interval
        registry = new ModelRegistry(new ModelLoader(store, "models", OnnxRiskModel::new), null, metrics, Duration.ZERO,
                CLOCK);
        scoring = new RecordScoring(store, registry, events, metrics, "deid", null);
        promotion = new ModelPromotion(store, registry, events, null);
        reference = ref("active.json");
        candidate = ref("shadow.json");
    }

    private ModelRef ref(String pointer) {
        JsonNode p;
        try {
            p = JSON.readTree(store.get("models", pointer).toCompletableFuture().join());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new ModelRef(p.path("name").asText(), p.path("version").asText(), p.path("sha256").asText());
    }

    private void scoreOneIngest(String ingestId) {
        String ndjson = Fixtures.ward("e-000000000000000000000001", 28, 89, 92, 128, "Confusion", 38.9)
                + Fixtures.ward("e-000000000000000000000002", 16, 97, 124, 72, "Alert", 36.8);
        store.put("deid", "records/" + ingestId + ".ndjson", ndjson.getBytes(StandardCharsets.UTF_8), "application/x-ndjson",
                null, Map.of());
        var event = new RecordsDeidentified(ingestId, "ward7", List.of(new RecordsDeidentified.DeidentifiedRecord(
                "rec-" + ingestId, "p-000000000000000000000001", List.of("e-000000000000000000000001", "e-000000000000000000000002"),
                new ObjectRef("deid", "records/" + ingestId + ".ndjson"), 14)), "policy-1", "key-1");
        scoring.score(event, "corr-" + ingestId).toCompletableFuture().join();
    }

    private List<AuditEvent> audits(String action) {
        return published.on(EventEmitter.AUDIT_CHANNEL).stream()
                .map(p -> EventCodec.decode(p.event(), AuditEvent.class).data()).filter(a -> a.action().equals(action))
                .toList();
    }

    private List<RiskScored> notifications() {
        return published.on("clinician-notifications").stream()
                .map(p -> EventCodec.decode(p.event(), RiskScored.class).data()).toList();
    }

    private ModelPromoted promote(ModelRef model, ModelRef previous, String evidenceKey) {
        return new ModelPromoted("promote", model, previous, APPROVER, new ObjectRef("models", evidenceKey),
                "golden-set gate passed; change CHG-1042");
    }

    private void putGateReport(String key, ModelRef model, String decision) {
        String report = "{\"gate\":\"golden-set\",\"decision\":\"" + decision + "\",\"candidate\":{\"sha256\":\""
                + model.sha256() + "\"}}";
        store.put("models", key, report.getBytes(StandardCharsets.UTF_8), "application/json", null, Map.of());
    }

    @Test
    void shouldScoreTheCandidateInShadowAndNeverNotify_whenAShadowPointerNamesIt() {
        scoreOneIngest("ingest-1");

        assertThat(notifications()).hasSize(2).allSatisfy(n -> assertThat(n.model()).isEqualTo(reference));
        assertThat(notifications()).extracting(RiskScored::band).containsExactly("high", "low");
        List<AuditEvent> shadow = audits(RecordScoring.SHADOW_SCORE);
        assertThat(shadow).hasSize(2).allSatisfy(a -> {
            assertThat(a.modelVersion()).isEqualTo(candidate.name() + "@" + candidate.version());
            assertThat(a.details()).containsEntry("modelSha256", candidate.sha256()).containsKeys("score", "band",
                    "activeBand");
        });
        assertThat(published.on("clinician-notifications")).noneSatisfy(
                p -> assertThat(p.event()).contains(candidate.sha256()));
        assertThat(metricLines.toString(StandardCharsets.UTF_8)).contains("\"ShadowScored\":2.0").contains("\"Role\":\"shadow\"");
    }

    @Test
    void shouldSwitchTheActiveModelAndAudit_whenAPromotionCarriesAPassingGateReport() throws Exception {
        putGateReport("validation/chg-1042.json", candidate, "pass");

        var outcome = promotion.apply(promote(candidate, reference, "validation/chg-1042.json"), "evt-promote-1", "chg-1042")
                .toCompletableFuture().join();
        scoreOneIngest("ingest-2");

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.APPLIED);
        JsonNode pointer = JSON.readTree(store.get("models", "active.json").toCompletableFuture().join());
        assertThat(pointer.path("sha256").asText()).isEqualTo(candidate.sha256());
        assertThat(pointer.path("approver").asText()).isEqualTo(APPROVER);
        assertThat(pointer.path("history").get(0).path("sha256").asText()).isEqualTo(reference.sha256());
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo(APPROVER);
            assertThat(a.outcome()).isEqualTo("success");
            assertThat(a.objects()).containsExactly(new ObjectRef("models", "validation/chg-1042.json"));
        });
        assertThat(notifications()).isNotEmpty().allSatisfy(n -> assertThat(n.model()).isEqualTo(candidate));
        assertThat(audits(RecordScoring.SHADOW_SCORE)).as("the promoted shadow is now active, not shadow").isEmpty();
    }

    @Test
    void shouldReturnToThePreviousModel_whenARollbackFollowsAPromotion() throws Exception {
        putGateReport("validation/chg-1042.json", candidate, "pass");
        promotion.apply(promote(candidate, reference, "validation/chg-1042.json"), "evt-promote-1", "chg-1042")
                .toCompletableFuture().join();
        store.put("models", "incidents/inc-7.json", "{\"incident\":\"INC-7\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", null, Map.of());

        var outcome = promotion.apply(new ModelPromoted("rollback", reference, candidate, APPROVER,
                new ObjectRef("models", "incidents/inc-7.json"), "alert rate doubled; INC-7"), "evt-rollback-1", "inc-7")
                .toCompletableFuture().join();
        scoreOneIngest("ingest-3");

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.APPLIED);
        assertThat(ref("active.json")).isEqualTo(reference);
        assertThat(audits(ModelPromotion.ROLLBACK)).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo("success"));
        assertThat(notifications()).allSatisfy(n -> assertThat(n.model()).isEqualTo(reference));
    }

    @Test
    void shouldRefuseAndAuditDenied_whenTheGateReportRefusedTheCandidate() {
        // the committed report: the golden-set gate refused 1.1.0 (NEWS2 discriminates better on the golden set)
        String committedReport = "deterioration-risk/1.1.0/validation/gate-report.json";

        var outcome = promotion.apply(promote(candidate, reference, committedReport), "evt-promote-2", "chg-1043")
                .toCompletableFuture().join();

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(ref("active.json")).isEqualTo(reference);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("denied");
            assertThat(a.details()).containsEntry("refusal", "GATE_REFUSED");
        });
    }

    @Test
    void shouldRefuse_whenTheEventExpectsAnotherActiveModelOrTheRollbackTargetWasNeverApproved() {
        putGateReport("validation/chg-1044.json", candidate, "pass");
        var stale = promotion.apply(promote(candidate, candidate, "validation/chg-1044.json"), "evt-promote-3", "chg-1044")
                .toCompletableFuture().join();
        var neverApproved = promotion.apply(new ModelPromoted("rollback", candidate, reference, APPROVER,
                new ObjectRef("models", "validation/chg-1044.json"), "roll back to a candidate"), "evt-rollback-2", "x-1")
                .toCompletableFuture().join();

        assertThat(stale).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(neverApproved).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(audits(ModelPromotion.PROMOTE).get(0).details()).containsEntry("refusal", "STALE_PREVIOUS");
        assertThat(audits(ModelPromotion.ROLLBACK).get(0).details()).containsEntry("refusal", "ROLLBACK_TARGET_NEVER_APPROVED");
        assertThat(ref("active.json")).isEqualTo(reference);
    }

    @Test
    void shouldFailAndKeepThePointer_whenThePromotedModelFileDoesNotMatchItsSha256() {
        putGateReport("validation/chg-1045.json", candidate, "pass");
        store.put("models", "deterioration-risk/1.1.0/model.onnx", new byte[] {1, 2, 3}, "application/octet-stream", null,
                Map.of());

        assertThatThrownBy(() -> promotion.apply(promote(candidate, reference, "validation/chg-1045.json"), "evt-4", "c-4")
                .toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ModelLoader.ModelIntegrityException.class);
        assertThat(ref("active.json")).isEqualTo(reference);
    }

}
