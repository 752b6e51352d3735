package health.pipeline.training;

import java.util.List;

/**
 * z = (x - mean) / std per feature, with means and (sample, n-1) standard deviations taken from
 * the training rows only. Arrays are in {@link VitalFeature#ALL} order.
 */
public record Standardizer(double[] mean, double[] std) {

    public static Standardizer fit(List<SyntheticCohort.Row> rows) {
        int d = VitalFeature.ALL.size();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        int n = 0;
        for (SyntheticCohort.Row r : rows) { // Welford
            n++;
            for (int j = 0; j < d; j++) {
                double x = r.vitals()[j];
                double delta = x - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (x - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(m2[j] / (n - 1));
            if (!(std[j] > 0)) {
                throw new IllegalStateException("feature " + VitalFeature.ALL.get(j).name() + " has no variance");
            }
        }
        return new Standardizer(mean, std);
    }

    public double mean(VitalFeature f) {
        return mean[f.csvIndex()];
    }

    public double std(VitalFeature f) {
        return std[f.csvIndex()];
    }

    public double z(VitalFeature f, double x) {
        return (x - mean(f)) / std(f);
    }
}
