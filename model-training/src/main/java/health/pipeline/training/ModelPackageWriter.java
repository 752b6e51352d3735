package health.pipeline.training;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tribuo.Tribuo;

/**
 * Writes the model package {@code <out>/deterioration-risk/1.0.0/{model.onnx,manifest.json,MODEL_CARD.md}}
 * and {@code <out>/active.json}. Every byte written depends only on the training result, so a re-run
 * with the same seed reproduces the package exactly.
 */
public final class ModelPackageWriter {

    public static final String NAME = "deterioration-risk";
    public static final String VERSION = "1.0.0";
    public static final long ONNX_MODEL_VERSION = 1L;
    public static final String ONNX_DOMAIN = "health.pipeline.deterioration_risk";
    public static final String MODEL_FILE = "model.onnx";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String MODEL_CARD_FILE = "MODEL_CARD.md";

    /** Risk bands on P(deteriorated): low below MEDIUM, medium from MEDIUM, high from HIGH. */
    public static final double BAND_MEDIUM = 0.20;
    public static final double BAND_HIGH = 0.50;

    public static final String INTENDED_USE = "Demonstration of the clinical data pipeline's risk-scoring step: "
            + "estimates the probability that an adult general-ward inpatient is deteriorating from the latest "
            + "respiratory rate, oxygen saturation, systolic blood pressure, heart rate and temperature. "
            + "Trained and evaluated on synthetic data only; NOT FOR CLINICAL USE.";

    static final ObjectMapper JSON = new ObjectMapper();

    private ModelPackageWriter() {
    }

    /** How many features may be missing before a score goes to human review regardless of the others. */
    public static final int MAX_MISSING_FEATURES = 2;
    /** The look-back for "latest" measurements, relative to the encounter's newest observation. */
    public static final int OBSERVATION_WINDOW_HOURS = 24;
    /** Drift: PSI above this marks a feature drifted; an alarm when this share of features drifted. */
    public static final double PSI_THRESHOLD = 0.2;
    public static final double DRIFTED_SHARE_ALARM = 0.4;
    public static final int DRIFT_WINDOW = 200;

    /**
     * Which package to write.
     *
     * @param activate  also point {@code active.json} at it (the reference model); a candidate never does, only a
     *                  ModelPromoted event moves the pointer
     * @param approval  the approval record; null for a candidate awaiting its gate and approval
     * @param trainedBy the principal who trained it ({@code training.trainedBy}, copied into the signed gate report:
     *                  that principal may not approve its promotion); null writes none (the reference package)
     */
    public record PackageSpec(String version, boolean activate, Approval approval, String trainedBy) {
        public static final PackageSpec REFERENCE = new PackageSpec(VERSION, true,
                new Approval("model-governance-synthetic-demo", "2026-11-23T00:00:00Z", MODEL_CARD_FILE));

        public PackageSpec(String version, boolean activate, Approval approval) {
            this(version, activate, approval, null);
        }
    }

    public record Approval(String approvedBy, String approvedAt, String evidence) {
    }

    /** What was written. */
    public record Written(Path packageDir, Path model, Path manifest, Path modelCard, Path active, ObjectNode manifestJson) {
    }

    public static Written write(DeteriorationModelTrainer.Result r, Path outDir) throws IOException {
        return write(r, outDir, PackageSpec.REFERENCE);
    }

    public static Written write(DeteriorationModelTrainer.Result r, Path outDir, PackageSpec spec) throws IOException {
        Path pkg = outDir.resolve(NAME).resolve(spec.version());
        Files.createDirectories(pkg);

        OnnxMl.ModelProto proto = exportOnnx(r, spec.version());
        byte[] onnx = proto.toByteArray();
        Path model = pkg.resolve(MODEL_FILE);
        Files.write(model, onnx);

        HeldOutEvaluation evaluation = HeldOutEvaluation.evaluate(r.test(), r.testProbability(), BAND_HIGH);
        ObjectNode manifest = manifest(r, proto, SyntheticCohort.sha256Hex(onnx), spec, evaluation);
        Path manifestPath = pkg.resolve(MANIFEST_FILE);
        Files.writeString(manifestPath, toJson(manifest), StandardCharsets.UTF_8);

        Path card = pkg.resolve(MODEL_CARD_FILE);
        Files.writeString(card, modelCard(r, manifest, evaluation, spec), StandardCharsets.UTF_8);
        EvaluationCharts.write(evaluation, pkg);

        Path activePath = outDir.resolve("active.json");
        ObjectNode pointer = activePointer(spec.version(), manifest.path("sha256").asText());
        if (spec.activate()) {
            Files.writeString(activePath, toJson(pointer), StandardCharsets.UTF_8);
        } else {
            // a candidate goes straight into shadow: scored beside the active model, never sent to clinicians
            Files.writeString(outDir.resolve("shadow.json"), toJson(pointer), StandardCharsets.UTF_8);
        }
        return new Written(pkg, model, manifestPath, card, activePath, manifest);
    }

    /**
     * The bootstrap pointer. Later pointers are written by the scoring function on a ModelPromoted event and carry
     * the approval of that event (docs/adr/0030).
     */
    static ObjectNode activePointer(String version, String sha256) {
        ObjectNode active = JSON.createObjectNode();
        active.put("name", NAME);
        active.put("version", version);
        active.put("sha256", sha256);
        active.put("manifest", NAME + "/" + version + "/" + MANIFEST_FILE);
        return active;
    }

    /**
     * The ONNX model as Tribuo exports it ({@code ONNXExportable.exportONNXModel}, which is what
     * {@code saveONNXModel} writes), with the two non-reproducible parts replaced: the doc string and the
     * {@code TRIBUO_PROVENANCE} metadata hold training timestamps and host details. The graph is untouched.
     */
    public static OnnxMl.ModelProto exportOnnx(DeteriorationModelTrainer.Result r) {
        return exportOnnx(r, VERSION);
    }

    public static OnnxMl.ModelProto exportOnnx(DeteriorationModelTrainer.Result r, String version) {
        OnnxMl.ModelProto exported = r.model().exportONNXModel(ONNX_DOMAIN, ONNX_MODEL_VERSION);
        return exported.toBuilder()
                .setDocString(NAME + " " + version + ": Tribuo " + Tribuo.VERSION + " " + r.trainerDescription()
                        + " on a synthetic cohort (seed " + r.seed() + "). Input: standardised features "
                        + r.featureOrder().stream().map(VitalFeature::name).collect(Collectors.joining(", "))
                        + ". NOT FOR CLINICAL USE.")
                .clearMetadataProps()
                .addMetadataProps(entry("name", NAME))
                .addMetadataProps(entry("version", version))
                .addMetadataProps(entry("features", r.featureOrder().stream().map(VitalFeature::name)
                        .collect(Collectors.joining(","))))
                .addMetadataProps(entry("dataFingerprint", r.dataFingerprint()))
                .addMetadataProps(entry("trainer", r.trainerDescription()))
                .addMetadataProps(entry("notForClinicalUse", "true"))
                .build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    static ObjectNode manifest(DeteriorationModelTrainer.Result r, OnnxMl.ModelProto proto, String sha256,
            PackageSpec spec, HeldOutEvaluation evaluation) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", NAME);
        m.put("version", spec.version());
        m.put("file", MODEL_FILE);
        m.put("sha256", sha256);
        m.put("intendedUse", INTENDED_USE);
        m.put("notForClinicalUse", true);
        m.put("dataSource", "synthetic cohort generated by model-training (seed " + r.seed() + ")");

        ObjectNode training = m.putObject("training");
        training.put("seed", r.seed());
        training.put("rows", r.rows().size());
        training.put("dataFingerprint", r.dataFingerprint());
        training.put("trainer", r.trainerDescription());
        training.put("tribuoVersion", Tribuo.VERSION);
        training.put("trainRows", r.trainRows());
        training.put("testRows", r.testRows());
        if (spec.trainedBy() != null) {
            training.put("trainedBy", spec.trainedBy());
        }

        ObjectNode input = m.putObject("input");
        input.put("name", proto.getGraph().getInput(0).getName());
        input.put("type", "float32");

        ObjectNode output = m.putObject("output");
        output.put("name", proto.getGraph().getOutput(0).getName());
        output.put("positiveIndex", r.positiveIndex());
        output.put("label", SyntheticCohort.POSITIVE);
        output.put("meaning", "probability that the patient deteriorates (synthetic outcome)");

        ArrayNode features = m.putArray("features");
        for (int i = 0; i < r.featureOrder().size(); i++) {
            VitalFeature f = r.featureOrder().get(i);
            ObjectNode n = features.addObject();
            n.put("name", f.name());
            n.put("label", f.label());
            ArrayNode loinc = n.putArray("loinc");
            f.loinc().forEach(loinc::add);
            n.put("unit", f.unit());
            putNumber(n, "validMin", f.validMin());
            putNumber(n, "validMax", f.validMax());
            n.put("mean", r.standardizer().mean(f));
            n.put("std", r.standardizer().std(f));
            n.put("coefficient", r.coefficients()[i]);
            FeatureBaseline baseline = FeatureBaseline.of(f, r.train(), r.standardizer());
            n.put("maxAbsZ", baseline.maxAbsZ());
            ObjectNode histogram = n.putObject("baseline");
            ArrayNode edges = histogram.putArray("edges");
            for (double e : baseline.edges()) {
                edges.add(e);
            }
            ArrayNode proportions = histogram.putArray("proportions");
            for (double share : baseline.proportions()) {
                proportions.add(share);
            }
        }
        m.put("intercept", r.intercept());
        m.put("missingValue", "mean");

        ObjectNode bands = m.putObject("bands");
        bands.put("medium", BAND_MEDIUM);
        bands.put("high", BAND_HIGH);

        ObjectNode validation = m.putObject("validation");
        validation.put("maxMissingFeatures", MAX_MISSING_FEATURES);
        validation.put("observationWindowHours", OBSERVATION_WINDOW_HOURS);
        validation.put("outOfDistribution", "|z| above the feature's maxAbsZ, the largest seen in training");

        ObjectNode drift = m.putObject("drift");
        drift.put("statistic", "psi");
        drift.put("psiThreshold", PSI_THRESHOLD);
        drift.put("driftedShareAlarm", DRIFTED_SHARE_ALARM);
        drift.put("window", DRIFT_WINDOW);

        ObjectNode metrics = m.putObject("metrics");
        metrics.put("auroc", round4(r.auroc()));
        metrics.put("testRows", r.testRows());
        metrics.put("alertRateAtHigh", round4(evaluation.model().alert().alertRate()));
        metrics.put("ppvAtHigh", round4(evaluation.model().alert().ppv()));
        metrics.put("sensitivityAtHigh", round4(evaluation.model().alert().sensitivity()));
        metrics.put("brier", round4(evaluation.brier()));
        metrics.put("expectedCalibrationError", round4(evaluation.expectedCalibrationError()));
        ObjectNode baselines = metrics.putObject("baselines");
        for (HeldOutEvaluation.Scorer b : java.util.List.of(evaluation.news2(), evaluation.qsofa())) {
            ObjectNode n = baselines.putObject(b.name().toLowerCase(Locale.ROOT));
            n.put("auroc", round4(b.auroc()));
            n.put("alertThreshold", (int) b.alert().threshold());
            n.put("alertRate", round4(b.alert().alertRate()));
            n.put("ppv", round4(b.alert().ppv()));
            n.put("sensitivity", round4(b.alert().sensitivity()));
        }
        ArrayNode subgroups = metrics.putArray("subgroups");
        for (HeldOutEvaluation.Subgroup g : evaluation.subgroups()) {
            ObjectNode n = subgroups.addObject();
            n.put("attribute", g.attribute());
            n.put("value", g.value());
            n.put("cases", g.cases());
            n.put("prevalence", round4(g.prevalence()));
            n.put("auroc", round4(g.modelAuroc()));
            n.put("news2Auroc", round4(g.news2Auroc()));
            n.put("alertRateAtHigh", round4(g.modelAlert().alertRate()));
            n.put("ppvAtHigh", round4(g.modelAlert().ppv()));
        }

        ObjectNode approval = m.putObject("approval");
        if (spec.approval() == null) {
            approval.put("status", "candidate");
            approval.put("evidence", GoldenSetGate.REPORT_FILE);
        } else {
            approval.put("status", "approved");
            approval.put("approvedBy", spec.approval().approvedBy());
            approval.put("approvedAt", spec.approval().approvedAt());
            approval.put("evidence", spec.approval().evidence());
        }
        return m;
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (v == Math.rint(v)) {
            n.put(key, (long) v);
        } else {
            n.put(key, v);
        }
    }

    static double round4(double v) {
        if (Double.isNaN(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    static String toJson(ObjectNode node) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        return JSON.writer(printer).writeValueAsString(node) + "\n";
    }

    static String modelCard(DeteriorationModelTrainer.Result r, ObjectNode manifest, HeldOutEvaluation e,
            PackageSpec spec) {
        long cohortPositives = r.rows().stream().filter(SyntheticCohort.Row::deteriorated).count();

        StringBuilder s = new StringBuilder();
        s.append("# Model card: ").append(NAME).append(' ').append(spec.version()).append("\n\n");
        s.append("> **NOT FOR CLINICAL USE.** Trained and evaluated on synthetic data only: every patient, vital sign "
                + "and outcome below was generated by a program. It has never been validated on real patients and must "
                + "not inform any clinical decision.\n\n");
        s.append("_Generated by `health.pipeline.training.TrainDeteriorationModel` together with `")
                .append(MANIFEST_FILE).append("`, `").append(MODEL_FILE).append("`, `").append(EvaluationCharts.ROC_FILE)
                .append("` and `").append(EvaluationCharts.CALIBRATION_FILE).append("`; do not edit by hand._\n\n");

        s.append("## Intended use\n\n").append(INTENDED_USE).append("\n\n");
        s.append("Out of scope: any real patient, children, pregnancy, patients on supplemental oxygen or in critical care, "
                + "and any use as a substitute for NEWS2, qSOFA or clinical judgement.\n\n");

        s.append("## Where the data comes from (synthetic)\n\n");
        s.append(String.format(Locale.ROOT, "- %d rows from the seeded generator `SyntheticCohort` (seed %d): a stable adult "
                        + "ward population plus a deteriorating sub-population (about %.0f%%) with tachypnoea, hypoxaemia, "
                        + "hypotension, tachycardia and fever. No real patient contributed anything.%n",
                r.rows().size(), r.seed(), SyntheticCohort.DETERIORATING_SHARE * 100));
        s.append("- Outcome `deteriorated`/`stable` drawn from a logistic function of physiological deviations plus Gaussian noise.\n");
        s.append("- Subgroup attributes (gender, age band) are synthetic too, drawn independently of the vitals: subgroup "
                + "metrics below check the pipeline's reporting, they cannot reveal real-world bias.\n");
        s.append(String.format(Locale.ROOT, "- Outcome prevalence: %.1f%% (%d of %d).%n",
                100.0 * cohortPositives / r.rows().size(), cohortPositives, r.rows().size()));
        s.append("- Data fingerprint (SHA-256 of the canonical CSV): `").append(r.dataFingerprint()).append("`\n");
        s.append(String.format(Locale.ROOT, "- Split: %d training rows, %d held-out test rows (random, seeded).%n",
                r.trainRows(), r.testRows()));
        s.append("- Reproduce: `TrainDeteriorationModel` with the seed above gives the same fingerprint and the same "
                + "`model.onnx` bytes (sha256 `").append(manifest.path("sha256").asText()).append("`).\n\n");

        s.append("## Model\n\n");
        s.append("- Tribuo ").append(Tribuo.VERSION).append(" `").append(r.trainerDescription()).append("`\n");
        s.append("- 2-class softmax logistic regression on standardised features z = (x - mean) / std "
                + "(training means and sample standard deviations, listed below).\n");
        s.append("- ONNX input `").append(manifest.path("input").path("name").asText()).append("`: float32 [batch, ")
                .append(r.featureOrder().size()).append("] of standardised features in the order below; output `")
                .append(manifest.path("output").path("name").asText()).append("`: float32 [batch, 2] probabilities, column ")
                .append(r.positiveIndex()).append(" = `deteriorated`.\n");
        s.append("- Equivalently P(deteriorated) = sigmoid(intercept + sum(coefficient * z)); intercept = ")
                .append(fmt(r.intercept())).append(". Each coefficient * z is an exact contribution to the logit: "
                        + "these are the factors clinicians see.\n");
        s.append("- Missing or implausible (outside valid range) values are replaced by the training mean (z = 0) and the "
                + "score is marked for human review; so are scores with more than ").append(MAX_MISSING_FEATURES)
                .append(" features missing and inputs with |z| beyond the largest seen in training (max |z|).\n\n");

        s.append("| # | feature | unit | LOINC | valid range | mean | std | coefficient | max abs z |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < r.featureOrder().size(); i++) {
            VitalFeature f = r.featureOrder().get(i);
            s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s-%s | %.3f | %.3f | %s | %.1f |%n", i, f.name(),
                    f.unit(), String.join(", ", f.loinc()), trim(f.validMin()), trim(f.validMax()),
                    r.standardizer().mean(f), r.standardizer().std(f), fmt(r.coefficients()[i]),
                    manifest.path("features").get(i).path("maxAbsZ").asDouble()));
        }

        s.append("\n## Held-out evaluation against NEWS2 and qSOFA (same synthetic cases)\n\n");
        s.append(String.format(Locale.ROOT, "Test rows: %d (prevalence %.1f%%). NEWS2 and qSOFA are computed from the "
                + "same five vital signs, every case alert and on room air (the cohort records neither).%n%n",
                e.cases(), 100 * e.prevalence()));
        s.append("| score | AUROC | alert threshold | alert rate | PPV at threshold | sensitivity at threshold |\n");
        s.append("|---|---|---|---|---|---|\n");
        s.append(row(e.model(), String.format(Locale.ROOT, "P >= %.2f (high band)", BAND_HIGH)));
        s.append(row(e.news2(), "NEWS2 >= " + Baselines.NEWS2_ALERT));
        s.append(row(e.qsofa(), "qSOFA >= " + Baselines.QSOFA_ALERT));
        s.append(String.format(Locale.ROOT, "%nCalibration: Brier score %.4f, expected calibration error %.4f (10 bins). "
                + "Bands on P(deteriorated): low < %.2f <= medium < %.2f <= high.%n%n", e.brier(),
                e.expectedCalibrationError(), BAND_MEDIUM, BAND_HIGH));
        s.append("![ROC curves of the model, NEWS2 and qSOFA](").append(EvaluationCharts.ROC_FILE).append(")\n\n");
        s.append("![Calibration of the model](").append(EvaluationCharts.CALIBRATION_FILE).append(")\n\n");

        s.append("## Subgroups (synthetic attributes)\n\n");
        s.append("| attribute | value | cases | prevalence | model AUROC | NEWS2 AUROC | model alert rate | model PPV | NEWS2 alert rate |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (HeldOutEvaluation.Subgroup g : e.subgroups()) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.4f | %.4f | %.1f%% | %s | %.1f%% |%n",
                    g.attribute(), g.value(), g.cases(), 100 * g.prevalence(), g.modelAuroc(), g.news2Auroc(),
                    100 * g.modelAlert().alertRate(), percent(g.modelAlert().ppv()), 100 * g.news2Alert().alertRate()));
        }

        s.append("\n## Limitations\n\n");
        s.append("- The data, the outcome and therefore every metric above are synthetic: they say how well the model "
                + "recovers the generator's own rule, nothing about real patients.\n");
        s.append("- Linear in each vital sign: it cannot represent risk rising at both ends of a range (e.g. hypothermia).\n");
        s.append("- No oxygen therapy, consciousness level, age or comorbidity inputs.\n\n");

        s.append("## Approval\n\n");
        if (spec.approval() == null) {
            s.append("Candidate, not approved. It runs in shadow only (scored beside the active model, recorded in the "
                    + "audit trail and metrics, never sent to clinicians) until a ModelPromoted event with an approver "
                    + "and a passing golden-set report (`").append(GoldenSetGate.REPORT_FILE).append("`) promotes it.\n");
        } else {
            s.append("Approved by ").append(spec.approval().approvedBy()).append(" on ")
                    .append(spec.approval().approvedAt(), 0, 10)
                    .append(" for demonstration in the synthetic pipeline only, with this card as evidence.\n");
        }
        return s.toString();
    }

    private static String row(HeldOutEvaluation.Scorer scorer, String threshold) {
        return String.format(Locale.ROOT, "| %s | %.4f | %s | %.1f%% | %s | %s |%n", scorer.name(), scorer.auroc(),
                threshold, 100 * scorer.alert().alertRate(), percent(scorer.alert().ppv()),
                percent(scorer.alert().sensitivity()));
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
