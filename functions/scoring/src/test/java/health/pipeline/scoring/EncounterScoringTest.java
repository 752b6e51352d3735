package health.pipeline.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RiskScored;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.scoring.features.RecordReader;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.model.RiskModel;
import health.pipeline.scoring.notify.EncounterScorer;

/** Scores with the committed reference model through ONNX Runtime, as the function does. */
class EncounterScoringTest {
    private static final Path MODELS = Path.of("../../samples/models");
    private static RiskModel model;

    @BeforeAll
    static void loadModel() throws Exception {
        model = new ModelLoader(storeWithModels(), "models", OnnxRiskModel::new).loadActive().toCompletableFuture().join();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The committed models bucket: active.json, shadow.json and every package under samples/models. */
    static InMemoryObjectStore storeWithModels() throws Exception {
        var store = new InMemoryObjectStore();
        try (var files = Files.walk(MODELS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                store.put("models", MODELS.relativize(file).toString(), Files.readAllBytes(file), "application/octet-stream",
                        null, Map.of());
            }
        }
        return store;
    }

    private static String observation(String id, String loinc, String time, double value, String unit) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
                + loinc + "\"}]},\"encounter\":{\"reference\":\"Encounter/e-1\"},\"effectiveDateTime\":\"" + time
                + "\",\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"" + unit + "\",\"code\":\"" + unit + "\"}}";
    }

    private static List<RiskScored> score(String... lines) {
        String ndjson = "{\"resourceType\":\"Encounter\",\"id\":\"e-1\",\"class\":{\"code\":\"IMP\"}}\n" + String.join("\n", lines);
        var observations = RecordReader.read(ndjson.getBytes(StandardCharsets.UTF_8)).values();
        var scorer = new EncounterScorer(model);
        return scorer.score(observations.stream().map(o -> new EncounterScorer.Case("p-000000000000000000000001", "ward7", o,
                new ObjectRef("deid", "records/x.ndjson"))).toList(), "policy", Instant.EPOCH).scores();
    }

    @Test
    void shouldBandHighWithNews2High_whenTheLatestVitalsDeteriorate() {
        var scores = score(
                observation("a", "9279-1", "2026-01-01T06:00:00Z", 16, "/min"),
                observation("b", "9279-1", "2026-01-01T08:00:00Z", 28, "/min"),
                observation("c", "59408-5", "2026-01-01T08:00:00Z", 89, "%"),
                observation("d", "8480-6", "2026-01-01T08:00:00Z", 92, "mm[Hg]"),
                observation("e", "8867-4", "2026-01-01T08:00:00Z", 128, "/min"),
                observation("f", "8310-5", "2026-01-01T08:00:00Z", 38.9, "Cel"),
                "{\"resourceType\":\"Observation\",\"id\":\"g\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"67775-7\"}]},\"encounter\":{\"reference\":\"Encounter/e-1\"},\"effectiveDateTime\":\"2026-01-01T08:00:00Z\",\"valueCodeableConcept\":{\"text\":\"Confusion\"}}");
        RiskScored scored = scores.get(0);
        assertThat(scored.band()).isEqualTo("high");
        assertThat(scored.score()).isGreaterThan(0.9);
        assertThat(scored.reviewRequired()).isFalse();
        assertThat(scored.baselines().news2().score()).isEqualTo(14);
        assertThat(scored.baselines().news2().risk()).isEqualTo("high");
        assertThat(scored.baselines().qsofa().score()).isEqualTo(3);
        assertThat(scored.factors()).hasSize(3);
        assertThat(scored.factors().get(0).contribution()).isPositive();
        assertThat(scored.factors()).anySatisfy(f -> assertThat(f.label()).startsWith("respiratory rate 28 /min (+"));
        assertThat(scored.model().sha256()).isEqualTo(model.manifest().sha256());
    }

    @Test
    void shouldAskForReviewAndNotUseTheValue_whenAVitalIsMissingOrImplausible() {
        var scored = score(
                observation("b", "9279-1", "2026-01-01T08:00:00Z", 18, "/min"),
                observation("c", "59408-5", "2026-01-01T08:00:00Z", 97, "%"),
                observation("d", "8480-6", "2026-01-01T08:00:00Z", 900, "mm[Hg]"),
                observation("e", "8867-4", "2026-01-01T08:00:00Z", 72, "/min")).get(0);
        assertThat(scored.reviewRequired()).isTrue();
        assertThat(scored.reviewReasons()).containsExactlyInAnyOrder("MISSING:temperature", "OUT_OF_RANGE:systolic_bp");
        assertThat(scored.factors()).extracting(RiskScored.Factor::feature)
                .containsExactlyInAnyOrder("heart_rate", "respiratory_rate", "oxygen_saturation");
        assertThat(scored.factors()).noneSatisfy(f -> assertThat(f.feature()).isEqualTo("systolic_bp"));
        assertThat(scored.baselines().news2().complete()).isFalse();
    }

    @Test
    void shouldNotScore_whenNoFeatureOfTheModelWasMeasured() {
        String ndjson = "{\"resourceType\":\"Encounter\",\"id\":\"e-1\",\"class\":{\"code\":\"AMB\"}}\n"
                + observation("w", "29463-7", "2026-01-01T08:00:00Z", 70, "kg");
        var observations = RecordReader.read(ndjson.getBytes(StandardCharsets.UTF_8)).values().iterator().next();
        assertThat(new EncounterScorer(model).isScorable(observations)).isFalse();
    }

    @Test
    void shouldFailClosed_whenTheModelFileDoesNotMatchItsManifest() throws Exception {
        var store = storeWithModels();
        store.put("models", "deterioration-risk/1.0.0/model.onnx", new byte[] { 1, 2, 3 }, "application/octet-stream", null, Map.of());
        assertThatThrownBy(() -> new ModelLoader(store, "models", OnnxRiskModel::new).loadActive().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ModelLoader.ModelIntegrityException.class);
    }

    @Test
    void shouldFailClosed_whenThereIsNoActiveModel() {
        assertThatThrownBy(() -> new ModelLoader(new InMemoryObjectStore(), "models", OnnxRiskModel::new).loadActive()
                .toCompletableFuture().join()).isInstanceOf(CompletionException.class);
    }

    @Test
    void shouldFlagOutOfDistributionButUseTheValue_whenAPlausibleValueIsBeyondTheTrainingRange() {
        var heartRate = model.manifest().features().stream().filter(f -> f.name().equals("heart_rate")).findFirst()
                .orElseThrow();
        double beyond = Math.ceil(heartRate.mean() + (heartRate.maxAbsZ() + 0.5) * heartRate.std());
        assertThat(beyond).isLessThanOrEqualTo(heartRate.validMax());
        var scored = score(
                observation("a", "9279-1", "2026-01-01T08:00:00Z", 18, "/min"),
                observation("b", "59408-5", "2026-01-01T08:00:00Z", 97, "%"),
                observation("c", "8480-6", "2026-01-01T08:00:00Z", 120, "mm[Hg]"),
                observation("d", "8867-4", "2026-01-01T08:00:00Z", beyond, "/min"),
                observation("e", "8310-5", "2026-01-01T08:00:00Z", 37, "Cel")).get(0);
        assertThat(scored.reviewRequired()).isTrue();
        assertThat(scored.reviewReasons()).containsExactly("OUT_OF_DISTRIBUTION:heart_rate");
        assertThat(scored.factors().get(0).feature()).isEqualTo("heart_rate");
    }

    @Test
    void shouldFlagTooManyMissing_whenMoreFeaturesAreMissingThanTheManifestAllows() {
        var scored = score(
                observation("a", "9279-1", "2026-01-01T08:00:00Z", 22, "/min"),
                observation("b", "8867-4", "2026-01-01T08:00:00Z", 100, "/min")).get(0);
        assertThat(model.manifest().validation().maxMissingFeatures()).isEqualTo(2);
        assertThat(scored.reviewReasons()).contains("MISSING:oxygen_saturation", "MISSING:systolic_bp",
                "MISSING:temperature", "TOO_MANY_MISSING");
    }

    @Test
    void shouldConvertUnitsAndFlagTheUnconvertible_whenObservationsUseOtherUnits() {
        var scored = score(
                observation("a", "9279-1", "2026-01-01T08:00:00Z", 18, "/min"),
                observation("b", "59408-5", "2026-01-01T08:00:00Z", 0.97, "1"),
                observation("c", "8480-6", "2026-01-01T08:00:00Z", 16, "kPa"),
                observation("d", "8867-4", "2026-01-01T08:00:00Z", 80, "/h"),
                observation("e", "8310-5", "2026-01-01T08:00:00Z", 98.6, "[degF]")).get(0);
        assertThat(scored.reviewReasons()).containsExactly("UNIT_MISMATCH:heart_rate");
        // unconverted, 98.6 "Cel", 0.97 "%" and 16 "mm[Hg]" would score 2 + 3 + 3 on NEWS2
        assertThat(scored.baselines().news2().score()).isZero();
        assertThat(scored.factors()).noneSatisfy(f -> assertThat(f.feature()).isEqualTo("heart_rate"));
    }

    @Test
    void shouldIgnoreMeasurementsOlderThanTheWindow_whenTheEncounterHasNewerOnes() {
        var scored = score(
                observation("a", "9279-1", "2026-01-01T08:00:00Z", 18, "/min"),
                observation("b", "59408-5", "2026-01-01T08:00:00Z", 97, "%"),
                observation("c", "8480-6", "2026-01-01T08:00:00Z", 120, "mm[Hg]"),
                observation("d", "8867-4", "2026-01-01T08:00:00Z", 80, "/min"),
                observation("e", "8310-5", "2025-12-30T07:59:00Z", 39.5, "Cel")).get(0);
        assertThat(model.manifest().validation().observationWindowHours()).isEqualTo(24);
        assertThat(scored.reviewReasons()).containsExactly("MISSING:temperature");
        assertThat(scored.baselines().news2().score()).isZero();
    }
}
