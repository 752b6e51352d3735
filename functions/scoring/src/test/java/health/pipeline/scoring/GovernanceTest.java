package health.pipeline.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
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
import health.pipeline.function.security.BearerTokens;
import health.pipeline.model.crypto.DetachedSignatures;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;
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
    private static final InMemorySigner GATE_SIGNER = new InMemorySigner();
    /** Who trained the candidate, as its signed gate report says. */
    private static final String TRAINER = "arn:aws:sts::111122223333:assumed-role/ml-engineer/mle-0099";
    private static final String ISSUER = "https://login.hospital.example/realms/workforce";
    private static final String AUDIENCE = "model-governance";
    private static final KeyPair IDENTITY_PROVIDER = ecKeyPair();
    private static final String GATE_KEY = "alias/model-gate-reports";
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
        promotion = new ModelPromotion(store, registry, events, null,
                DetachedSignatures.publicKey(GATE_SIGNER.publicKey(GATE_KEY).toCompletableFuture().join()),
                new BearerTokens(IDENTITY_PROVIDER.getPublic(), ISSUER, AUDIENCE));
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
                "golden-set gate passed; change CHG-1042", token(IDENTITY_PROVIDER, APPROVER, "model-approver"));
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token as the identity provider issues it to a signed-in approver. */
    private static String token(KeyPair signer, String subject, String... groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gateReport(ModelRef model, String decision) {
        return gateReport(model, decision, TRAINER);
    }

    private static byte[] gateReport(ModelRef model, String decision, String trainedBy) {
        String trainer = trainedBy == null ? "" : ",\"trainedBy\":\"" + trainedBy + "\"";
        return ("{\"gate\":\"golden-set\",\"decision\":\"" + decision + "\",\"candidate\":{\"sha256\":\""
                + model.sha256() + "\"" + trainer + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private void putSignedGateReport(String key, byte[] report) {
        store.put("models", key, report, "application/json", null, Map.of());
        store.put("models", key + ".sig", GATE_SIGNER.sign(GATE_KEY, report).toCompletableFuture().join(),
                "application/octet-stream", null, Map.of());
    }

    /** A report as model-training writes it: the report and its detached signature by the gate-report key. */
    private void putGateReport(String key, ModelRef model, String decision) {
        byte[] report = gateReport(model, decision);
        store.put("models", key, report, "application/json", null, Map.of());
        store.put("models", key + ".sig", GATE_SIGNER.sign(GATE_KEY, report).toCompletableFuture().join(),
                "application/octet-stream", null, Map.of());
    }

    private void putUnsignedGateReport(String key, ModelRef model, String decision) {
        store.put("models", key, gateReport(model, decision), "application/json", null, Map.of());
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
                new ObjectRef("models", "incidents/inc-7.json"), "alert rate doubled; INC-7",
                token(IDENTITY_PROVIDER, APPROVER, "model-approver")), "evt-rollback-1", "inc-7")
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
        byte[] report = store.get("models", committedReport).toCompletableFuture().join();
        store.put("models", committedReport + ".sig", GATE_SIGNER.sign(GATE_KEY, report).toCompletableFuture().join(),
                "application/octet-stream", null, Map.of());

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
                new ObjectRef("models", "validation/chg-1044.json"), "roll back to a candidate",
                token(IDENTITY_PROVIDER, APPROVER, "model-approver")), "evt-rollback-2", "x-1")
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

    @Test
    void shouldRefuseAndAuditDenied_whenThePassingGateReportIsNotSigned() {
        putUnsignedGateReport("validation/chg-1046.json", candidate, "pass");

        var outcome = promotion.apply(promote(candidate, reference, "validation/chg-1046.json"), "evt-promote-6", "chg-1046")
                .toCompletableFuture().join();

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(ref("active.json")).isEqualTo(reference);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("refusal", "GATE_REPORT_UNSIGNED"));
    }

    @Test
    void shouldRefuseAndAuditDenied_whenTheGateReportWasChangedAfterSigning() {
        putGateReport("validation/chg-1047.json", candidate, "refuse");
        // The same report with the decision turned into a pass: its signature is the refused report's.
        putUnsignedGateReport("validation/chg-1047.json", candidate, "pass");

        var outcome = promotion.apply(promote(candidate, reference, "validation/chg-1047.json"), "evt-promote-7", "chg-1047")
                .toCompletableFuture().join();

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(ref("active.json")).isEqualTo(reference);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("refusal", "GATE_REPORT_SIGNATURE_INVALID"));
    }

    @Test
    void shouldRefuseEveryPromotion_whenNoGateReportKeyIsConfigured() {
        putGateReport("validation/chg-1049.json", candidate, "pass");
        var unconfigured = new ModelPromotion(store, registry, new EventEmitter(published, "scoring", CLOCK), null, null,
                new BearerTokens(IDENTITY_PROVIDER.getPublic(), ISSUER, AUDIENCE));

        var outcome = unconfigured.apply(promote(candidate, reference, "validation/chg-1049.json"), "evt-promote-9",
                "chg-1049").toCompletableFuture().join();

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("refusal", "GATE_REPORT_UNVERIFIABLE"));
    }

    @Test
    void shouldRefuseAndAuditDenied_whenTheGateReportIsSignedWithAnotherKey() {
        byte[] report = gateReport(candidate, "pass");
        store.put("models", "validation/chg-1048.json", report, "application/json", null, Map.of());
        store.put("models", "validation/chg-1048.json.sig",
                new InMemorySigner().sign("another-key", report).toCompletableFuture().join(), "application/octet-stream",
                null, Map.of());

        var outcome = promotion.apply(promote(candidate, reference, "validation/chg-1048.json"), "evt-promote-8", "chg-1048")
                .toCompletableFuture().join();

        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("refusal", "GATE_REPORT_SIGNATURE_INVALID"));
    }

    private ModelPromotion.Outcome promoteWithToken(String approver, String token, String evidenceKey) {
        putGateReport(evidenceKey, candidate, "pass");
        return promotion.apply(new ModelPromoted("promote", candidate, reference, approver,
                new ObjectRef("models", evidenceKey), "golden-set gate passed", token), "evt-" + evidenceKey.hashCode(),
                "chg").toCompletableFuture().join();
    }

    private void assertRefusedAs(ModelPromotion.Outcome outcome, String refusal) {
        assertThat(outcome).isEqualTo(ModelPromotion.Outcome.DENIED);
        assertThat(ref("active.json")).isEqualTo(reference);
        assertThat(audits(ModelPromotion.PROMOTE)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("denied");
            assertThat(a.details()).containsEntry("refusal", refusal);
            assertThat(a.details().values()).noneMatch(value -> value.startsWith("eyJ"));
        });
    }

    @Test
    void shouldRefuse_whenTheEventNamesAnApproverTheTokenDoesNot() {
        String someoneElse = "arn:aws:sts::111122223333:assumed-role/data-scientist/ds-0007";

        assertRefusedAs(promoteWithToken(APPROVER, token(IDENTITY_PROVIDER, someoneElse, "model-approver"),
                "validation/chg-2001.json"), "APPROVER_NOT_THE_TOKEN_SUBJECT");
    }

    @Test
    void shouldRefuse_whenTheTokenIsNotTheIdentityProvidersOwn() {
        assertRefusedAs(promoteWithToken(APPROVER, token(ecKeyPair(), APPROVER, "model-approver"),
                "validation/chg-2002.json"), "APPROVER_NOT_VERIFIED");
    }

    @Test
    void shouldRefuse_whenTheApproverLacksTheApproverRole() {
        assertRefusedAs(promoteWithToken(APPROVER, token(IDENTITY_PROVIDER, APPROVER, "data-scientist"),
                "validation/chg-2003.json"), "APPROVER_NOT_AUTHORISED");
    }

    @Test
    void shouldRefuseEveryChange_whenNoIdentityProviderIsConfigured() {
        putGateReport("validation/chg-2004.json", candidate, "pass");
        var unconfigured = new ModelPromotion(store, registry, new EventEmitter(published, "scoring", CLOCK), null,
                DetachedSignatures.publicKey(GATE_SIGNER.publicKey(GATE_KEY).toCompletableFuture().join()), null);

        assertRefusedAs(unconfigured.apply(promote(candidate, reference, "validation/chg-2004.json"), "evt-2004", "c")
                .toCompletableFuture().join(), "APPROVER_UNVERIFIABLE");
    }

    @Test
    void shouldRefuse_whenTheApproverTrainedTheModel() {
        putSignedGateReport("validation/chg-3001.json", gateReport(candidate, "pass", TRAINER));

        var outcome = promotion.apply(new ModelPromoted("promote", candidate, reference, TRAINER,
                new ObjectRef("models", "validation/chg-3001.json"), "golden-set gate passed",
                token(IDENTITY_PROVIDER, TRAINER, "model-approver")), "evt-3001", "chg-3001").toCompletableFuture().join();

        assertRefusedAs(outcome, "APPROVER_IS_TRAINER");
    }

    @Test
    void shouldRefuse_whenTheGateReportDoesNotSayWhoTrainedTheModel() {
        putSignedGateReport("validation/chg-3002.json", gateReport(candidate, "pass", null));

        assertRefusedAs(promotion.apply(promote(candidate, reference, "validation/chg-3002.json"), "evt-3002", "c")
                .toCompletableFuture().join(), "TRAINER_UNKNOWN");
    }
}
