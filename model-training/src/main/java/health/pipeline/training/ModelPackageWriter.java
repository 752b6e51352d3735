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

    /** What was written. */
    public record Written(Path packageDir, Path model, Path manifest, Path modelCard, Path active, ObjectNode manifestJson) {
    }

    public static Written write(DeteriorationModelTrainer.Result r, Path outDir) throws IOException {
        Path pkg = outDir.resolve(NAME).resolve(VERSION);
        Files.createDirectories(pkg);

        OnnxMl.ModelProto proto = exportOnnx(r);
        byte[] onnx = proto.toByteArray();
        Path model = pkg.resolve(MODEL_FILE);
        Files.write(model, onnx);

        ObjectNode manifest = manifest(r, proto, SyntheticCohort.sha256Hex(onnx));
        Path manifestPath = pkg.resolve(MANIFEST_FILE);
        Files.writeString(manifestPath, toJson(manifest), StandardCharsets.UTF_8);

        Path card = pkg.resolve(MODEL_CARD_FILE);
        Files.writeString(card, modelCard(r, manifest), StandardCharsets.UTF_8);

        ObjectNode active = JSON.createObjectNode();
        active.put("name", NAME);
        active.put("version", VERSION);
        active.put("manifest", NAME + "/" + VERSION + "/" + MANIFEST_FILE);
        Path activePath = outDir.resolve("active.json");
        Files.writeString(activePath, toJson(active), StandardCharsets.UTF_8);
        return new Written(pkg, model, manifestPath, card, activePath, manifest);
    }

    /**
     * The ONNX model as Tribuo exports it ({@code ONNXExportable.exportONNXModel}, which is what
     * {@code saveONNXModel} writes), with the two non-reproducible parts replaced: the doc string and the
     * {@code TRIBUO_PROVENANCE} metadata hold training timestamps and host details. The graph is untouched.
     */
    public static OnnxMl.ModelProto exportOnnx(DeteriorationModelTrainer.Result r) {
        OnnxMl.ModelProto exported = r.model().exportONNXModel(ONNX_DOMAIN, ONNX_MODEL_VERSION);
        return exported.toBuilder()
                .setDocString(NAME + " " + VERSION + ": Tribuo " + Tribuo.VERSION + " " + r.trainerDescription()
                        + " on a synthetic cohort (seed " + r.seed() + "). Input: standardised features "
                        + r.featureOrder().stream().map(VitalFeature::name).collect(Collectors.joining(", "))
                        + ". NOT FOR CLINICAL USE.")
                .clearMetadataProps()
                .addMetadataProps(entry("name", NAME))
                .addMetadataProps(entry("version", VERSION))
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

    static ObjectNode manifest(DeteriorationModelTrainer.Result r, OnnxMl.ModelProto proto, String sha256) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", NAME);
        m.put("version", VERSION);
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

        ObjectNode input = m.putObject("input");
        input.put("name", proto.getGraph().getInput(0).getName());
        input.put("type", "float32");

        ObjectNode output = m.putObject("output");
        output.put("name", proto.getGraph().getOutput(0).getName());
        output.put("positiveIndex", r.positiveIndex());

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
        }
        m.put("intercept", r.intercept());
        m.put("missingValue", "mean");

        ObjectNode bands = m.putObject("bands");
        bands.put("medium", BAND_MEDIUM);
        bands.put("high", BAND_HIGH);

        ObjectNode metrics = m.putObject("metrics");
        metrics.put("auroc", round4(r.auroc()));
        metrics.put("testRows", r.testRows());
        metrics.put("alertRateAtHigh", round4(DeteriorationModelTrainer.rateAtOrAbove(r.testProbability(), BAND_HIGH)));

        ObjectNode approval = m.putObject("approval");
        approval.put("approvedBy", "model-governance (synthetic demo)");
        approval.put("approvedAt", "2026-11-23T00:00:00Z");
        approval.put("evidence", MODEL_CARD_FILE);
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
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    static String toJson(ObjectNode node) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        return JSON.writer(printer).writeValueAsString(node) + "\n";
    }

    static String modelCard(DeteriorationModelTrainer.Result r, ObjectNode manifest) {
        double[] p = r.testProbability();
        boolean[] y = r.testPositive();
        int positives = 0;
        int flaggedHigh = 0;
        int truePositiveHigh = 0;
        int flaggedMedium = 0;
        for (int i = 0; i < p.length; i++) {
            positives += y[i] ? 1 : 0;
            if (p[i] >= BAND_HIGH) {
                flaggedHigh++;
                truePositiveHigh += y[i] ? 1 : 0;
            }
            if (p[i] >= BAND_MEDIUM) {
                flaggedMedium++;
            }
        }
        long cohortPositives = r.rows().stream().filter(SyntheticCohort.Row::deteriorated).count();

        StringBuilder s = new StringBuilder();
        s.append("# Model card: ").append(NAME).append(' ').append(VERSION).append("\n\n");
        s.append("> **NOT FOR CLINICAL USE.** Trained and evaluated on synthetic data only. It has never been validated "
                + "on real patients and must not inform any clinical decision.\n\n");
        s.append("_Generated by `health.pipeline.training.TrainDeteriorationModel` together with `")
                .append(MANIFEST_FILE).append("` and `").append(MODEL_FILE).append("`; do not edit by hand._\n\n");

        s.append("## Intended use\n\n").append(INTENDED_USE).append("\n\n");
        s.append("Out of scope: any real patient, children, pregnancy, patients on supplemental oxygen or in critical care, "
                + "and any use as a substitute for NEWS2, qSOFA or clinical judgement.\n\n");

        s.append("## Training data (synthetic)\n\n");
        s.append(String.format(Locale.ROOT, "- %d rows from the seeded generator `SyntheticCohort` (seed %d): a stable adult "
                        + "ward population plus a deteriorating sub-population (about %.0f%%) with tachypnoea, hypoxaemia, "
                        + "hypotension, tachycardia and fever.%n",
                r.rows().size(), r.seed(), SyntheticCohort.DETERIORATING_SHARE * 100));
        s.append("- Outcome `deteriorated`/`stable` drawn from a logistic function of physiological deviations plus Gaussian noise.\n");
        s.append(String.format(Locale.ROOT, "- Outcome prevalence: %.1f%% (%d of %d).%n",
                100.0 * cohortPositives / r.rows().size(), cohortPositives, r.rows().size()));
        s.append("- Data fingerprint (SHA-256 of the canonical CSV): `").append(r.dataFingerprint()).append("`\n");
        s.append(String.format(Locale.ROOT, "- Split: %d training rows, %d held-out test rows (random, seeded).%n%n",
                r.trainRows(), r.testRows()));

        s.append("## Model\n\n");
        s.append("- Tribuo ").append(Tribuo.VERSION).append(" `").append(r.trainerDescription()).append("`\n");
        s.append("- 2-class softmax logistic regression on standardised features z = (x - mean) / std "
                + "(training means and sample standard deviations, listed below).\n");
        s.append("- ONNX input `").append(manifest.path("input").path("name").asText()).append("`: float32 [batch, ")
                .append(r.featureOrder().size()).append("] of standardised features in the order below; output `")
                .append(manifest.path("output").path("name").asText()).append("`: float32 [batch, 2] probabilities, column ")
                .append(r.positiveIndex()).append(" = `deteriorated`.\n");
        s.append("- Equivalently P(deteriorated) = sigmoid(intercept + sum(coefficient * z)); intercept = ")
                .append(fmt(r.intercept())).append(".\n");
        s.append("- Missing or implausible (outside valid range) values are replaced by the training mean (z = 0).\n\n");

        s.append("| # | feature | unit | LOINC | valid range | mean | std | coefficient |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < r.featureOrder().size(); i++) {
            VitalFeature f = r.featureOrder().get(i);
            s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s-%s | %.3f | %.3f | %s |%n", i, f.name(),
                    f.unit(), String.join(", ", f.loinc()), trim(f.validMin()), trim(f.validMax()),
                    r.standardizer().mean(f), r.standardizer().std(f), fmt(r.coefficients()[i])));
        }

        s.append("\n## Metrics on held-out synthetic data\n\n");
        s.append(String.format(Locale.ROOT, "- Test rows: %d (prevalence %.1f%%)%n", p.length, 100.0 * positives / p.length));
        s.append(String.format(Locale.ROOT, "- AUROC: %.4f%n", r.auroc()));
        s.append(String.format(Locale.ROOT, "- Bands on P(deteriorated): low < %.2f <= medium < %.2f <= high%n",
                BAND_MEDIUM, BAND_HIGH));
        s.append(String.format(Locale.ROOT, "- Alert rate at high: %.2f%%; at medium or above: %.2f%%%n",
                100.0 * flaggedHigh / p.length, 100.0 * flaggedMedium / p.length));
        s.append(String.format(Locale.ROOT, "- At high: sensitivity %.1f%%, positive predictive value %.1f%%%n%n",
                positives == 0 ? 0 : 100.0 * truePositiveHigh / positives,
                flaggedHigh == 0 ? 0 : 100.0 * truePositiveHigh / flaggedHigh));

        s.append("## Limitations\n\n");
        s.append("- The data, the outcome and therefore every metric above are synthetic: they say how well the model "
                + "recovers the generator's own rule, nothing about real patients.\n");
        s.append("- Linear in each vital sign: it cannot represent risk rising at both ends of a range (e.g. hypothermia).\n");
        s.append("- No oxygen therapy, consciousness level, age or comorbidity inputs.\n\n");

        s.append("## Approval\n\n");
        s.append("Approved by model-governance (synthetic demo) on 2026-11-23 for demonstration in the synthetic pipeline only, "
                + "with this card as evidence.\n");
        return s.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
