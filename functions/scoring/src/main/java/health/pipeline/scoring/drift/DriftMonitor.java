package health.pipeline.scoring.drift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import health.pipeline.scoring.model.ModelManifest;

/**
 * Population stability per feature: the last {@code window} values the model used (imputed ones excluded), binned
 * like the training baseline in the manifest, against the baseline's proportions. A feature whose PSI exceeds the
 * manifest's threshold has drifted; the share of drifted features is the headline metric, with an alarm flag when it
 * reaches the manifest's share. The window is per function instance (a Lambda execution environment): see
 * docs/adr/0032.
 */
public final class DriftMonitor {
    /** Stands in for an empty bin so the logarithm stays finite (the usual PSI convention). */
    static final double EMPTY_BIN = 1e-4;

    private final ModelManifest manifest;
    private final MetricsSink metrics;
    private final double[][] ring;
    private final int[] filled;
    private final int[] next;

    public DriftMonitor(ModelManifest manifest, MetricsSink metrics) {
        this.manifest = manifest;
        this.metrics = metrics;
        int features = manifest.features().size();
        this.ring = new double[features][manifest.drift().window()];
        this.filled = new int[features];
        this.next = new int[features];
    }

    /** @param values per case and manifest feature, NaN where the value was imputed */
    public synchronized void observe(double[][] values) {
        for (double[] row : values) {
            for (int f = 0; f < row.length; f++) {
                if (!Double.isNaN(row[f])) {
                    ring[f][next[f]] = row[f];
                    next[f] = (next[f] + 1) % ring[f].length;
                    filled[f] = Math.min(filled[f] + 1, ring[f].length);
                }
            }
        }
    }

    /** The PSI of every feature whose window is full; empty until one is. */
    public synchronized Map<String, Double> psi() {
        Map<String, Double> result = new LinkedHashMap<>();
        List<ModelManifest.Feature> features = manifest.features();
        for (int f = 0; f < features.size(); f++) {
            if (filled[f] == ring[f].length) {
                result.put(features.get(f).name(), psi(features.get(f).baseline(), ring[f]));
            }
        }
        return result;
    }

    /** Emits the drift metrics when at least one feature has a full window; returns the drifted share, or NaN. */
    public double emit() {
        Map<String, Double> psi = psi();
        if (psi.isEmpty()) {
            return Double.NaN;
        }
        long drifted = psi.values().stream().filter(v -> v > manifest.drift().psiThreshold()).count();
        double share = drifted / (double) psi.size();
        Map<String, Double> values = new LinkedHashMap<>();
        psi.forEach((feature, value) -> values.put("PSI_" + feature, value));
        values.put("DriftedFeatureShare", share);
        values.put("DriftAlarm", share >= manifest.drift().driftedShareAlarm() ? 1.0 : 0.0);
        values.put("DriftPsiThreshold", manifest.drift().psiThreshold());
        metrics.record(Map.of("Model", manifest.name(), "ModelVersion", manifest.version()), values);
        return share;
    }

    /** PSI = sum over bins of (actual - expected) * ln(actual / expected). */
    static double psi(ModelManifest.Histogram baseline, double[] sample) {
        double[] actual = new double[baseline.proportions().length];
        for (double v : sample) {
            actual[baseline.bin(v)] += 1.0 / sample.length;
        }
        double psi = 0;
        for (int b = 0; b < actual.length; b++) {
            double a = Math.max(actual[b], EMPTY_BIN);
            double e = Math.max(baseline.proportions()[b], EMPTY_BIN);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
