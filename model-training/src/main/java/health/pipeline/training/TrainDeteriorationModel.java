package health.pipeline.training;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Trains the synthetic deterioration-risk model and writes the package.
 *
 * <pre>
 *   java -cp ... health.pipeline.training.TrainDeteriorationModel [outputDir] [seed] [rows]
 *   java -cp ... health.pipeline.training.TrainDeteriorationModel outputDir candidate version seed rows epochs
 * </pre>
 * The first form writes the reference package: outputDir defaults to {@code samples/models}; seed to 20261123; rows
 * to 20000. It writes {@code <outputDir>/deterioration-risk/1.0.0/{model.onnx,manifest.json,MODEL_CARD.md,*.png}} and
 * {@code <outputDir>/active.json}, then checks the written model with ONNX Runtime.
 *
 * <p>The second form writes a candidate package beside it without touching {@code active.json}, runs the golden-set
 * gate against the active package and writes {@code validation/gate-report.json}; it exits with status 3 when the
 * gate refuses the candidate. The candidate's trainer is {@code PIPELINE_TRAINED_BY} (the principal running the
 * training, e.g. an assumed-role ARN); it is written to the manifest and the gate report, and that principal may not
 * approve the promotion (without it, scoring refuses the promotion as TRAINER_UNKNOWN).
 */
public final class TrainDeteriorationModel {

    private TrainDeteriorationModel() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/models").toAbsolutePath().normalize();
        boolean candidate = args.length > 1 && args[1].equals("candidate");
        int first = candidate ? 3 : 1;
        long seed = args.length > first ? Long.parseLong(args[first]) : SyntheticCohort.DEFAULT_SEED;
        int rows = args.length > first + 1 ? Integer.parseInt(args[first + 1]) : SyntheticCohort.DEFAULT_ROWS;
        int epochs = candidate && args.length > first + 2 ? Integer.parseInt(args[first + 2])
                : DeteriorationModelTrainer.EPOCHS;
        ModelPackageWriter.PackageSpec spec = candidate
                ? new ModelPackageWriter.PackageSpec(args[2], false, null, System.getenv("PIPELINE_TRAINED_BY"))
                : ModelPackageWriter.PackageSpec.REFERENCE;

        long start = System.nanoTime();
        DeteriorationModelTrainer.Result r = DeteriorationModelTrainer.train(seed, rows, epochs);
        ModelPackageWriter.Written w = ModelPackageWriter.write(r, out, spec);

        double maxDiff = 0;
        try (OnnxScorer scorer = new OnnxScorer(w.model())) {
            float[][] probs = scorer.run(r.testZ());
            for (int i = 0; i < probs.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(probs[i][r.positiveIndex()] - r.testProbability()[i]));
            }
        }
        if (maxDiff > 1e-5) {
            throw new IllegalStateException("ONNX Runtime disagrees with Tribuo by " + maxDiff);
        }
        System.out.printf(Locale.ROOT, "Wrote %s (%.1f s)%n", w.packageDir(), (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "  rows=%d train=%d test=%d fingerprint=%s%n", r.rows().size(), r.trainRows(),
                r.testRows(), r.dataFingerprint());
        System.out.printf(Locale.ROOT, "  trainer=%s%n", r.trainerDescription());
        System.out.printf(Locale.ROOT, "  onnx input=%s output=%s positiveIndex=%d features=[%s]%n",
                w.manifestJson().path("input").path("name").asText(), w.manifestJson().path("output").path("name").asText(),
                r.positiveIndex(), r.featureOrder().stream().map(VitalFeature::name).collect(Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "  AUROC(held-out)=%.4f alertRateAtHigh=%.4f max|onnx-tribuo|=%.2e%n", r.auroc(),
                w.manifestJson().path("metrics").path("alertRateAtHigh").asDouble(), maxDiff);
        System.out.printf(Locale.ROOT, "  sha256(model.onnx)=%s%n", w.manifestJson().path("sha256").asText());
        if (candidate) {
            Path activePackage = out.resolve(ModelPackageWriter.JSON.readTree(out.resolve("active.json").toFile())
                    .path("manifest").asText()).getParent();
            GoldenSetGate.Report report = GoldenSetGate.evaluate(w.packageDir(), activePackage);
            Path file = GoldenSetGate.writeReport(report, w.packageDir());
            System.out.printf(Locale.ROOT, "  golden-set gate: %s (%s)%n", report.json().path("decision").asText(), file);
            report.json().path("checks").forEach(c -> System.out.printf(Locale.ROOT, "    %s %s: %s%n",
                    c.path("passed").asBoolean() ? "PASS" : "FAIL", c.path("name").asText(), c.path("detail").asText()));
            if (!report.passed()) {
                System.exit(3);
            }
        }
    }
}
