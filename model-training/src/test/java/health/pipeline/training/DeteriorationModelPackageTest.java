package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;

/** Trains the real model (20,000 rows, a few seconds) once and checks the exported package. */
class DeteriorationModelPackageTest {

    @TempDir
    static Path out;

    static DeteriorationModelTrainer.Result result;
    static ModelPackageWriter.Written written;
    static JsonNode manifest;

    @BeforeAll
    static void train() throws Exception {
        result = DeteriorationModelTrainer.train(SyntheticCohort.DEFAULT_SEED, SyntheticCohort.DEFAULT_ROWS);
        written = ModelPackageWriter.write(result, out);
        manifest = new ObjectMapper().readTree(written.manifest().toFile());
    }

    @Test
    void featureOrderIsTribuosFeatureMapOrder() {
        ImmutableFeatureMap map = result.model().getFeatureIDMap();
        List<String> byId = new ArrayList<>();
        for (int id = 0; id < map.size(); id++) {
            byId.add(map.get(id).getName());
        }
        // Tribuo numbers features by sorted name, so the ONNX columns are alphabetical.
        assertThat(byId).containsExactly("heart_rate", "oxygen_saturation", "respiratory_rate", "systolic_bp", "temperature");
        List<String> manifestOrder = new ArrayList<>();
        manifest.path("features").forEach(f -> manifestOrder.add(f.path("name").asText()));
        assertThat(manifestOrder).isEqualTo(byId);
        assertThat(result.featureOrder().stream().map(VitalFeature::name).toList()).isEqualTo(byId);
    }

    @Test
    void onnxSignatureMatchesManifest() throws Exception {
        try (OnnxScorer scorer = new OnnxScorer(written.model())) {
            assertThat(scorer.inputName()).isEqualTo("input").isEqualTo(manifest.path("input").path("name").asText());
            assertThat(scorer.outputName()).isEqualTo("output").isEqualTo(manifest.path("output").path("name").asText());
            assertThat(scorer.inputInfo()).hasSize(1);
            assertThat(scorer.outputInfo()).hasSize(1);
            assertThat(scorer.inputShape()).containsExactly(-1L, 5L);
            TensorInfo outInfo = (TensorInfo) scorer.outputInfo().get("output").getInfo();
            assertThat(outInfo.getShape()).containsExactly(-1L, 2L);
            assertThat(outInfo.type).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
            assertThat(((TensorInfo) scorer.inputInfo().get("input").getInfo()).type)
                    .isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT);
        }
        int positive = manifest.path("output").path("positiveIndex").asInt();
        assertThat(positive).isEqualTo(result.model().getOutputIDInfo().getID(new Label("deteriorated")));
        assertThat(manifest.path("input").path("type").asText()).isEqualTo("float32");
    }

    @Test
    void onnxRuntimeReproducesTribuoOnTheTestSet() throws Exception {
        int positive = manifest.path("output").path("positiveIndex").asInt();
        try (OnnxScorer scorer = new OnnxScorer(written.model())) {
            float[][] probs = scorer.run(result.testZ());
            assertThat(probs).hasNumberOfRows(result.testRows());
            double maxDiff = 0;
            for (int i = 0; i < probs.length; i++) {
                assertThat(probs[i][0] + probs[i][1]).isCloseTo(1f, within(1e-5f));
                maxDiff = Math.max(maxDiff, Math.abs(probs[i][positive] - result.testProbability()[i]));
            }
            System.out.printf(Locale.ROOT, "max |ONNX - Tribuo| over %d test rows: %.3e%n", probs.length, maxDiff);
            assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void manifestLinearFormExplainsTheOnnxProbability() throws Exception {
        JsonNode features = manifest.path("features");
        double intercept = manifest.path("intercept").asDouble();
        int positive = manifest.path("output").path("positiveIndex").asInt();
        try (OnnxScorer scorer = new OnnxScorer(written.model())) {
            float[][] probs = scorer.run(result.testZ());
            double maxDiff = 0;
            for (int i = 0; i < probs.length; i++) {
                double logit = intercept;
                for (int j = 0; j < features.size(); j++) {
                    logit += features.get(j).path("coefficient").asDouble() * result.testZ()[i][j];
                }
                double p = 1 / (1 + Math.exp(-logit));
                maxDiff = Math.max(maxDiff, Math.abs(p - probs[i][positive]));
            }
            assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
        }
        // Signs make physiological sense.
        assertThat(coefficient("respiratory_rate")).isPositive();
        assertThat(coefficient("heart_rate")).isPositive();
        assertThat(coefficient("temperature")).isPositive();
        assertThat(coefficient("oxygen_saturation")).isNegative();
        assertThat(coefficient("systolic_bp")).isNegative();
    }

    @Test
    void standardisationUsesTrainingMeansAndStds() {
        for (JsonNode f : manifest.path("features")) {
            VitalFeature v = VitalFeature.byName(f.path("name").asText());
            assertThat(f.path("mean").asDouble()).isEqualTo(result.standardizer().mean(v));
            assertThat(f.path("std").asDouble()).isEqualTo(result.standardizer().std(v)).isPositive();
            assertThat(f.path("unit").asText()).isEqualTo(v.unit());
            assertThat(f.path("loinc").get(0).asText()).isEqualTo(v.loinc().get(0));
            assertThat(f.path("mean").asDouble()).isBetween(f.path("validMin").asDouble(), f.path("validMax").asDouble());
        }
    }

    @Test
    void aurocOnHeldOutDataIsReported() {
        double own = auroc(result.testProbability(), result.testPositive());
        System.out.printf(Locale.ROOT, "held-out AUROC: Tribuo %.4f, rank-based %.4f (%d rows)%n", result.auroc(), own,
                result.testRows());
        assertThat(result.testRows()).isEqualTo(4_000);
        assertThat(result.auroc()).isBetween(0.75, 0.99).isCloseTo(own, within(1e-3));
        JsonNode metrics = manifest.path("metrics");
        assertThat(metrics.path("auroc").asDouble()).isCloseTo(result.auroc(), within(1e-4));
        assertThat(metrics.path("testRows").asInt()).isEqualTo(result.testRows());
        assertThat(metrics.path("alertRateAtHigh").asDouble()).isBetween(0.01, 0.30);
        assertThat(manifest.path("bands").path("medium").asDouble())
                .isLessThan(manifest.path("bands").path("high").asDouble());
    }

    @Test
    void manifestHasTheAgreedShape() throws Exception {
        List<String> keys = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "version", "file", "sha256", "intendedUse", "notForClinicalUse",
                "dataSource", "training", "input", "output", "features", "intercept", "missingValue", "bands", "validation",
                "drift", "metrics", "approval");
        assertThat(manifest.path("approval").path("status").asText()).isEqualTo("approved");
        assertThat(manifest.path("metrics").path("baselines").path("news2").path("auroc").asDouble()).isBetween(0.5, 1.0);
        assertThat(manifest.path("metrics").path("subgroups")).hasSize(6);
        for (JsonNode f : manifest.path("features")) {
            JsonNode proportions = f.path("baseline").path("proportions");
            double total = 0;
            for (JsonNode share : proportions) {
                total += share.asDouble();
            }
            assertThat(total).as(f.path("name").asText()).isCloseTo(1.0, within(1e-3));
            assertThat(proportions.size()).isEqualTo(f.path("baseline").path("edges").size() + 1);
            assertThat(f.path("maxAbsZ").asDouble()).isGreaterThan(2.0);
        }
        assertThat(Files.exists(written.packageDir().resolve("roc.png"))).isTrue();
        assertThat(Files.readAllBytes(written.packageDir().resolve("calibration.png"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(manifest.path("sha256").asText())
                .isEqualTo(SyntheticCohort.sha256Hex(Files.readAllBytes(written.model())));
        assertThat(manifest.path("notForClinicalUse").asBoolean()).isTrue();
        assertThat(manifest.path("training").path("tribuoVersion").asText()).isEqualTo("4.3.2");
        assertThat(manifest.path("training").path("trainer").asText()).startsWith("LinearSGDTrainer(objective=LogMulticlass");
        assertThat(manifest.path("missingValue").asText()).isEqualTo("mean");
        assertThat(manifest.path("approval").path("evidence").asText()).isEqualTo("MODEL_CARD.md");
        assertThat(Files.readString(written.modelCard())).contains("NOT FOR CLINICAL USE");
        JsonNode active = new ObjectMapper().readTree(written.active().toFile());
        assertThat(active.toString())
                .isEqualTo("{\"name\":\"deterioration-risk\",\"version\":\"1.0.0\",\"sha256\":\""
                        + manifest.path("sha256").asText() + "\",\"manifest\":\"deterioration-risk/1.0.0/manifest.json\"}");
    }

    /** Same seed, same bytes: and the package committed under samples/models is this one. */
    @Test
    void packageIsReproducibleAndCommittedPackageIsUpToDate() throws Exception {
        byte[] again = ModelPackageWriter.exportOnnx(
                DeteriorationModelTrainer.train(SyntheticCohort.DEFAULT_SEED, SyntheticCohort.DEFAULT_ROWS)).toByteArray();
        assertThat(again).isEqualTo(Files.readAllBytes(written.model()));

        Path committed = SamplePaths.models();
        String hint = "samples/models is stale: regenerate with ./mvnw -pl model-training compile exec:exec";
        assertThat(Files.readString(committed.resolve("active.json"))).as(hint)
                .isEqualTo(Files.readString(out.resolve("active.json")));
        String pkg = "deterioration-risk/1.0.0/";
        if (Arrays.equals(Files.readAllBytes(committed.resolve(pkg + "manifest.json")), Files.readAllBytes(written.manifest()))) {
            for (String file : List.of("model.onnx", "MODEL_CARD.md")) {
                assertThat(Files.readAllBytes(committed.resolve(pkg + file))).as(hint + " (" + file + ")")
                        .isEqualTo(Files.readAllBytes(out.resolve(pkg + file)));
            }
            return;
        }
        // Not byte-identical. Tribuo's SGD uses Math.exp, whose last bit may differ on another CPU or JDK, so
        // accept a package that differs only by such rounding; anything else means the package is stale.
        System.out.println("committed manifest differs from a fresh one in its bytes; comparing with tolerance");
        JsonNode committedManifest = new ObjectMapper().readTree(committed.resolve(pkg + "manifest.json").toFile());
        assertSameUpToRounding(committedManifest, manifest, "manifest", hint);
        try (OnnxScorer fresh = new OnnxScorer(written.model());
             OnnxScorer old = new OnnxScorer(committed.resolve(pkg + "model.onnx"))) {
            float[][] a = fresh.run(result.testZ());
            float[][] b = old.run(result.testZ());
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i][0]).as(hint).isCloseTo(a[i][0], within(1e-5f));
            }
        }
    }

    private static void assertSameUpToRounding(JsonNode expected, JsonNode actual, String path, String hint) {
        if (path.equals("manifest.sha256")) {
            return;
        }
        if (expected.isNumber() && actual.isNumber() && (expected.isFloatingPointNumber() || actual.isFloatingPointNumber())) {
            double e = expected.asDouble();
            assertThat(actual.asDouble()).as(hint + ": " + path).isCloseTo(e, within(1e-6 * Math.max(1, Math.abs(e))));
        } else if (expected.isContainerNode()) {
            assertThat(actual.size()).as(hint + ": " + path).isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameUpToRounding(expected.get(i), actual.get(i), path + "[" + i + "]", hint);
                }
            } else {
                expected.fieldNames().forEachRemaining(k -> {
                    assertThat(actual.has(k)).as(hint + ": " + path + "." + k).isTrue();
                    assertSameUpToRounding(expected.get(k), actual.get(k), path + "." + k, hint);
                });
            }
        } else {
            assertThat(actual).as(hint + ": " + path).isEqualTo(expected);
        }
    }

    private static double coefficient(String name) {
        for (JsonNode f : manifest.path("features")) {
            if (f.path("name").asText().equals(name)) {
                return f.path("coefficient").asDouble();
            }
        }
        throw new AssertionError(name);
    }

    /** Mann-Whitney AUROC with ties counted as one half. */
    static double auroc(double[] score, boolean[] positive) {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            if (!positive[i]) {
                continue;
            }
            for (int j = 0; j < score.length; j++) {
                if (positive[j]) {
                    continue;
                }
                pairs++;
                sum += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        return sum / pairs;
    }
}
