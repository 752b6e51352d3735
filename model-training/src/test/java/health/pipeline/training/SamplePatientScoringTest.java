package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the sample patients' latest vitals with the committed model package, exactly as the scoring
 * function is meant to: active.json -> manifest -> standardise with manifest mean/std (missing or out of
 * range -> mean) -> ONNX Runtime; and checks the manifest's linear form and the bands.
 */
class SamplePatientScoringTest {

    static JsonNode manifest;
    static Path modelFile;

    @BeforeAll
    static void load() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path models = SamplePaths.models();
        JsonNode active = json.readTree(models.resolve("active.json").toFile());
        Path manifestFile = models.resolve(active.path("manifest").asText());
        manifest = json.readTree(manifestFile.toFile());
        modelFile = manifestFile.resolveSibling(manifest.path("file").asText());
        assertThat(SyntheticCohort.sha256Hex(Files.readAllBytes(modelFile))).isEqualTo(manifest.path("sha256").asText());
    }

    record Score(Map<String, Double> values, double[] z, double linear, double onnx, String band) {
    }

    static Score score(Map<String, Double> values) throws Exception {
        JsonNode features = manifest.path("features");
        double[] z = new double[features.size()];
        double logit = manifest.path("intercept").asDouble();
        for (int i = 0; i < z.length; i++) {
            JsonNode f = features.get(i);
            Double x = values.get(f.path("name").asText());
            boolean usable = x != null && x >= f.path("validMin").asDouble() && x <= f.path("validMax").asDouble();
            z[i] = usable ? (x - f.path("mean").asDouble()) / f.path("std").asDouble() : 0.0; // missing -> mean
            logit += f.path("coefficient").asDouble() * z[i];
        }
        double linear = 1 / (1 + Math.exp(-logit));
        double onnx;
        try (OnnxScorer scorer = new OnnxScorer(modelFile)) {
            assertThat(scorer.inputName()).isEqualTo(manifest.path("input").path("name").asText());
            onnx = scorer.run(new double[][] {z})[0][manifest.path("output").path("positiveIndex").asInt()];
        }
        assertThat(linear).isCloseTo(onnx, within(1e-5));
        String band = onnx >= manifest.path("bands").path("high").asDouble() ? "high"
                : onnx >= manifest.path("bands").path("medium").asDouble() ? "medium" : "low";
        return new Score(values, z, linear, onnx, band);
    }

    /** Latest (or earliest) value per manifest feature, matched by the manifest's LOINC codes and unit. */
    static Map<String, Double> vitals(FhirVitals bundle, boolean latest) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode f : manifest.path("features")) {
            Set<String> codes = new HashSet<>();
            f.path("loinc").forEach(c -> codes.add(c.asText()));
            Optional<FhirVitals.Measurement> m = latest ? bundle.latest(codes) : bundle.earliest(codes);
            m.ifPresent(v -> {
                assertThat(v.unit()).as(f.path("name").asText()).isEqualTo(f.path("unit").asText());
                values.put(f.path("name").asText(), v.value());
            });
        }
        return values;
    }

    @Test
    void deterioratingPatientScoresHigh() throws Exception {
        FhirVitals bundle = FhirVitals.read(SamplePaths.sample("ward-deteriorating-patient.json"));
        Map<String, Double> latest = vitals(bundle, true);
        assertThat(latest).containsExactlyInAnyOrderEntriesOf(Map.of("respiratory_rate", 28.0, "oxygen_saturation", 89.0,
                "systolic_bp", 92.0, "heart_rate", 128.0, "temperature", 38.9));
        assertThat(bundle.latestText("67775-7")).contains("Confusion");
        assertThat(news2(latest, "Confusion")).isEqualTo(14);
        assertThat(qsofa(latest, "Confusion")).isEqualTo(3);

        Score s = score(latest);
        System.out.printf(Locale.ROOT, "ward-deteriorating-patient (latest): p=%.4f band=%s%n", s.onnx(), s.band());
        assertThat(s.band()).isEqualTo("high");

        // The earlier, normal observations score low: "latest value" matters.
        Map<String, Double> earliest = vitals(bundle, false);
        assertThat(earliest).containsEntry("respiratory_rate", 16.0).containsEntry("heart_rate", 84.0);
        Score before = score(earliest);
        System.out.printf(Locale.ROOT, "ward-deteriorating-patient (earlier): p=%.4f band=%s%n", before.onnx(), before.band());
        assertThat(before.band()).isEqualTo("low");
    }

    @Test
    void stablePatientScoresLow() throws Exception {
        FhirVitals bundle = FhirVitals.read(SamplePaths.sample("ward-stable-patient.json"));
        Map<String, Double> latest = vitals(bundle, true);
        assertThat(latest).containsExactlyInAnyOrderEntriesOf(Map.of("respiratory_rate", 16.0, "oxygen_saturation", 97.0,
                "systolic_bp", 124.0, "heart_rate", 72.0, "temperature", 36.8));
        assertThat(bundle.latestText("67775-7")).contains("Alert");
        assertThat(news2(latest, "Alert")).isZero();
        assertThat(qsofa(latest, "Alert")).isZero();

        Score s = score(latest);
        System.out.printf(Locale.ROOT, "ward-stable-patient: p=%.4f band=%s%n", s.onnx(), s.band());
        assertThat(s.band()).isEqualTo("low");
    }

    @Test
    void syntheaPatientsScoreWithMissingFeaturesImputed() throws Exception {
        for (String file : new String[] {"synthea-patient-1.json", "synthea-patient-2.json"}) {
            Map<String, Double> latest = vitals(FhirVitals.read(SamplePaths.sample(file)), true);
            assertThat(latest).containsKeys("respiratory_rate", "systolic_bp", "heart_rate");
            Score s = score(latest);
            System.out.printf(Locale.ROOT, "%s: vitals=%s p=%.4f band=%s%n", file, latest, s.onnx(), s.band());
            assertThat(s.onnx()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void missingEverythingGivesTheBaselineRisk() throws Exception {
        Score s = score(Map.of());
        assertThat(s.z()).containsOnly(0.0);
        assertThat(s.linear()).isCloseTo(1 / (1 + Math.exp(-manifest.path("intercept").asDouble())), within(1e-12));
    }

    /** NEWS2 (SpO2 scale 1, breathing air) for the sample design; not used by the model. */
    static int news2(Map<String, Double> v, String acvpu) {
        double rr = v.get("respiratory_rate");
        double spo2 = v.get("oxygen_saturation");
        double sbp = v.get("systolic_bp");
        double hr = v.get("heart_rate");
        double t = v.get("temperature");
        int score = 0;
        score += rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3;
        score += spo2 <= 91 ? 3 : spo2 <= 93 ? 2 : spo2 <= 95 ? 1 : 0;
        score += sbp <= 90 ? 3 : sbp <= 100 ? 2 : sbp <= 110 ? 1 : sbp <= 219 ? 0 : 3;
        score += hr <= 40 ? 3 : hr <= 50 ? 1 : hr <= 90 ? 0 : hr <= 110 ? 1 : hr <= 130 ? 2 : 3;
        score += acvpu.equals("Alert") ? 0 : 3;
        score += t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2;
        return score;
    }

    static int qsofa(Map<String, Double> v, String acvpu) {
        return (v.get("respiratory_rate") >= 22 ? 1 : 0) + (v.get("systolic_bp") <= 100 ? 1 : 0)
                + (acvpu.equals("Alert") ? 0 : 1);
    }
}
