package health.pipeline.training;

import java.util.Arrays;
import java.util.List;

/**
 * What the training data looked like per feature, recorded in the manifest so the scoring function can tell when
 * live inputs leave it: a decile histogram (the reference for population stability / drift) and the largest |z|
 * seen in training (beyond it, an input is out of distribution and the score goes to human review).
 *
 * @param edges       interior bin edges (training deciles, distinct); bin i is [edges[i-1], edges[i])
 * @param proportions share of training rows per bin, edges.length + 1 bins
 * @param maxAbsZ     largest |z| of the training rows, rounded up to 0.5
 */
public record FeatureBaseline(double[] edges, double[] proportions, double maxAbsZ) {

    public static FeatureBaseline of(VitalFeature feature, List<SyntheticCohort.Row> training, Standardizer s) {
        double[] values = training.stream().mapToDouble(r -> r.get(feature)).sorted().toArray();
        double[] edges = java.util.stream.IntStream.rangeClosed(1, 9)
                .mapToDouble(d -> values[(int) Math.floor(d / 10.0 * (values.length - 1))]).distinct().toArray();
        double[] proportions = new double[edges.length + 1];
        for (double v : values) {
            proportions[bin(edges, v)] += 1.0 / values.length;
        }
        for (int i = 0; i < proportions.length; i++) {
            proportions[i] = ModelPackageWriter.round4(proportions[i]);
        }
        double maxAbsZ = Math.max(Math.abs(s.z(feature, values[0])), Math.abs(s.z(feature, values[values.length - 1])));
        return new FeatureBaseline(edges, proportions, Math.ceil(maxAbsZ * 2) / 2);
    }

    /** The bin of a value: the number of edges at or below it. */
    static int bin(double[] edges, double value) {
        int i = Arrays.binarySearch(edges, value);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
