package health.pipeline.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.onnxruntime.OrtException;

import health.pipeline.model.crypto.DetachedSignatures;
import health.pipeline.model.ports.Signer;

/**
 * The promotion gate: a candidate package is run through ONNX Runtime, exactly as the scoring function would run it,
 * on a fixed golden set that no model trained on (its own seed and fingerprint), beside the active package and NEWS2
 * on the same cases. It refuses a candidate that discriminates worse than the active model or than NEWS2, or whose
 * probabilities are worse (Brier score) than the active model's. The report is the evidence a ModelPromoted event
 * points at; the scoring function refuses a promotion whose evidence does not say {@code pass} for that sha256.
 */
public final class GoldenSetGate {
    public static final long GOLDEN_SEED = 19_700_101L;
    public static final int GOLDEN_ROWS = 5_000;
    /** AUROC differences below this are noise on 5,000 cases, not a regression. */
    static final double AUROC_TOLERANCE = 0.005;
    static final double BRIER_TOLERANCE = 0.002;
    public static final String REPORT_FILE = "validation/gate-report.json";

    private GoldenSetGate() {
    }

    public record Check(String name, boolean passed, String detail) {
    }

    public record Report(ObjectNode json, boolean passed) {
    }

    public static Report evaluate(Path candidatePackage, Path activePackage) throws IOException, OrtException {
        List<SyntheticCohort.Row> golden = SyntheticCohort.generate(GOLDEN_SEED, GOLDEN_ROWS);
        String fingerprint = SyntheticCohort.fingerprint(SyntheticCohort.toCanonicalCsv(golden));
        boolean[] positive = new boolean[golden.size()];
        double[] news2 = new double[golden.size()];
        for (int i = 0; i < golden.size(); i++) {
            positive[i] = golden.get(i).deteriorated();
            news2[i] = Baselines.news2(golden.get(i));
        }
        JsonNode candidateManifest = ModelPackageWriter.JSON.readTree(candidatePackage.resolve("manifest.json").toFile());
        JsonNode activeManifest = ModelPackageWriter.JSON.readTree(activePackage.resolve("manifest.json").toFile());
        double[] candidate = probabilities(candidatePackage, candidateManifest, golden);
        double[] active = probabilities(activePackage, activeManifest, golden);
        double candidateAuroc = ScoreMetrics.auroc(candidate, positive);
        double activeAuroc = ScoreMetrics.auroc(active, positive);
        double news2Auroc = ScoreMetrics.auroc(news2, positive);
        double candidateBrier = ScoreMetrics.brier(candidate, positive);
        double activeBrier = ScoreMetrics.brier(active, positive);

        List<Check> checks = new ArrayList<>();
        checks.add(new Check("auroc-not-worse-than-active", candidateAuroc >= activeAuroc - AUROC_TOLERANCE,
                String.format(Locale.ROOT, "candidate %.4f vs active %.4f (tolerance %.3f)", candidateAuroc,
                        activeAuroc, AUROC_TOLERANCE)));
        checks.add(new Check("auroc-better-than-news2", candidateAuroc > news2Auroc,
                String.format(Locale.ROOT, "candidate %.4f vs NEWS2 %.4f", candidateAuroc, news2Auroc)));
        checks.add(new Check("brier-not-worse-than-active", candidateBrier <= activeBrier + BRIER_TOLERANCE,
                String.format(Locale.ROOT, "candidate %.4f vs active %.4f (tolerance %.3f)", candidateBrier,
                        activeBrier, BRIER_TOLERANCE)));
        boolean passed = checks.stream().allMatch(Check::passed);

        ObjectNode report = ModelPackageWriter.JSON.createObjectNode();
        report.put("gate", "golden-set");
        report.put("decision", passed ? "pass" : "refuse");
        ObjectNode set = report.putObject("goldenSet");
        set.put("seed", GOLDEN_SEED);
        set.put("rows", GOLDEN_ROWS);
        set.put("dataFingerprint", fingerprint);
        set.put("source", "synthetic (SyntheticCohort); not for clinical use");
        describe(report.putObject("candidate"), candidateManifest, candidateAuroc, candidateBrier, candidate, positive);
        describe(report.putObject("active"), activeManifest, activeAuroc, activeBrier, active, positive);
        ObjectNode baseline = report.putObject("news2");
        baseline.put("auroc", ModelPackageWriter.round4(news2Auroc));
        baseline.put("alertRate", ModelPackageWriter.round4(
                ScoreMetrics.alertPoint(news2, positive, Baselines.NEWS2_ALERT).alertRate()));
        var checksJson = report.putArray("checks");
        for (Check c : checks) {
            ObjectNode n = checksJson.addObject();
            n.put("name", c.name());
            n.put("passed", c.passed());
            n.put("detail", c.detail());
        }
        return new Report(report, passed);
    }

    public static Path writeReport(Report report, Path candidatePackage) throws IOException {
        Path file = candidatePackage.resolve(REPORT_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ModelPackageWriter.toJson(report.json()));
        return file;
    }

    /**
     * Writes the report and its detached signature ({@code gate-report.json.sig}, DER ECDSA P-256 by the gate-report
     * key, through the same Signer port that signs audit checkpoints): the scoring function promotes only on a report
     * whose signature verifies against that key's public half, so writing the models bucket is not enough to forge a
     * passing gate.
     */
    public static Path writeReport(Report report, Path candidatePackage, Signer signer, String keyId)
            throws IOException {
        Path file = writeReport(report, candidatePackage);
        byte[] signature = signer.sign(keyId, Files.readAllBytes(file)).toCompletableFuture().join();
        Files.write(candidatePackage.resolve(DetachedSignatures.signatureKey(REPORT_FILE)), signature);
        return file;
    }

    private static void describe(ObjectNode node, JsonNode manifest, double auroc, double brier, double[] p,
            boolean[] positive) {
        node.put("name", manifest.path("name").asText());
        node.put("version", manifest.path("version").asText());
        node.put("sha256", manifest.path("sha256").asText());
        if (manifest.path("training").hasNonNull("trainedBy")) {
            node.put("trainedBy", manifest.path("training").path("trainedBy").asText());
        }
        node.put("auroc", ModelPackageWriter.round4(auroc));
        node.put("brier", ModelPackageWriter.round4(brier));
        double high = manifest.path("bands").path("high").asDouble();
        ScoreMetrics.AlertPoint alert = ScoreMetrics.alertPoint(p, positive, high);
        node.put("alertRateAtHigh", ModelPackageWriter.round4(alert.alertRate()));
        node.put("ppvAtHigh", ModelPackageWriter.round4(alert.ppv()));
    }

    /** P(deteriorated) through ONNX Runtime, standardised by the package's own manifest, in its feature order. */
    static double[] probabilities(Path packageDir, JsonNode manifest, List<SyntheticCohort.Row> rows)
            throws IOException, OrtException {
        byte[] onnx = Files.readAllBytes(packageDir.resolve(manifest.path("file").asText()));
        if (!SyntheticCohort.sha256Hex(onnx).equals(manifest.path("sha256").asText())) {
            throw new IllegalStateException("model file of " + packageDir + " does not match its manifest sha256");
        }
        JsonNode features = manifest.path("features");
        double[][] z = new double[rows.size()][features.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < features.size(); j++) {
                JsonNode f = features.get(j);
                z[i][j] = (rows.get(i).get(VitalFeature.byName(f.path("name").asText())) - f.path("mean").asDouble())
                        / f.path("std").asDouble();
            }
        }
        int positiveIndex = manifest.path("output").path("positiveIndex").asInt();
        try (OnnxScorer scorer = new OnnxScorer(packageDir.resolve(manifest.path("file").asText()))) {
            float[][] out = scorer.run(z);
            double[] p = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                p[i] = out[i][positiveIndex];
            }
            return p;
        }
    }
}
