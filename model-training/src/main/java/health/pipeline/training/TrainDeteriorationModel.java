package health.pipeline.training;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Trains the synthetic deterioration-risk model and writes the package.
 *
 * <pre>
 *   java -cp ... health.pipeline.training.TrainDeteriorationModel [outputDir] [seed] [rows]
 * </pre>
 * outputDir defaults to {@code samples/models}; seed to 20261123; rows to 20000. Writes
 * {@code <outputDir>/deterioration-risk/1.0.0/{model.onnx,manifest.json,MODEL_CARD.md}} and
 * {@code <outputDir>/active.json}, then checks the written model with ONNX Runtime.
 */
public final class TrainDeteriorationModel {

    private TrainDeteriorationModel() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/models").toAbsolutePath().normalize();
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SyntheticCohort.DEFAULT_SEED;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : SyntheticCohort.DEFAULT_ROWS;

        long start = System.nanoTime();
        DeteriorationModelTrainer.Result r = DeteriorationModelTrainer.train(seed, rows);
        ModelPackageWriter.Written w = ModelPackageWriter.write(r, out);

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
    }
}
