package health.pipeline.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Discrimination and alerting metrics of one score on labelled cases. Works for any ordinal score (a probability,
 * a NEWS2 total, a qSOFA count), so the model and the baselines are measured by the same code on the same cases.
 */
public final class ScoreMetrics {

    private ScoreMetrics() {
    }

    /** Area under the ROC curve by the rank-sum (Mann-Whitney) form, ties counted as one half. */
    public static double auroc(double[] score, boolean[] positive) {
        Integer[] order = IntStream.range(0, score.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = score.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** One operating point of a score: alerting when score >= threshold. */
    public record AlertPoint(double threshold, double alertRate, double ppv, double sensitivity) {
    }

    public static AlertPoint alertPoint(double[] score, boolean[] positive, double threshold) {
        int alerts = 0;
        int truePositives = 0;
        int positives = 0;
        for (int i = 0; i < score.length; i++) {
            positives += positive[i] ? 1 : 0;
            if (score[i] >= threshold) {
                alerts++;
                truePositives += positive[i] ? 1 : 0;
            }
        }
        return new AlertPoint(threshold, alerts / (double) score.length,
                alerts == 0 ? Double.NaN : truePositives / (double) alerts,
                positives == 0 ? Double.NaN : truePositives / (double) positives);
    }

    /** One point of the ROC curve. */
    public record RocPoint(double falsePositiveRate, double truePositiveRate) {
    }

    /** The ROC curve through every distinct threshold, from (0,0) to (1,1). */
    public static List<RocPoint> rocCurve(double[] score, boolean[] positive) {
        double[] thresholds = Arrays.stream(score).distinct().sorted().toArray();
        long positives = IntStream.range(0, positive.length).filter(i -> positive[i]).count();
        long negatives = positive.length - positives;
        List<RocPoint> curve = new ArrayList<>();
        curve.add(new RocPoint(0, 0));
        for (int t = thresholds.length - 1; t >= 0; t--) {
            long tp = 0;
            long fp = 0;
            for (int i = 0; i < score.length; i++) {
                if (score[i] >= thresholds[t]) {
                    if (positive[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            curve.add(new RocPoint(fp / (double) negatives, tp / (double) positives));
        }
        return curve;
    }

    /** One bin of a reliability diagram: mean predicted probability against observed frequency. */
    public record CalibrationBin(double lower, double upper, int count, double meanPredicted, double observed) {
    }

    /** Ten equal-width probability bins; empty bins are left out. */
    public static List<CalibrationBin> calibration(double[] probability, boolean[] positive) {
        int bins = 10;
        double[] sumPredicted = new double[bins];
        int[] positives = new int[bins];
        int[] counts = new int[bins];
        for (int i = 0; i < probability.length; i++) {
            int b = Math.min(bins - 1, (int) (probability[i] * bins));
            counts[b]++;
            sumPredicted[b] += probability[i];
            positives[b] += positive[i] ? 1 : 0;
        }
        List<CalibrationBin> result = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                result.add(new CalibrationBin(b / (double) bins, (b + 1) / (double) bins, counts[b],
                        sumPredicted[b] / counts[b], positives[b] / (double) counts[b]));
            }
        }
        return result;
    }

    /** Expected calibration error: the count-weighted mean gap between predicted and observed per bin. */
    public static double expectedCalibrationError(List<CalibrationBin> bins) {
        int total = bins.stream().mapToInt(CalibrationBin::count).sum();
        return bins.stream().mapToDouble(b -> b.count() * Math.abs(b.meanPredicted() - b.observed())).sum() / total;
    }

    /** Mean squared error of the probability against the outcome. */
    public static double brier(double[] probability, boolean[] positive) {
        double sum = 0;
        for (int i = 0; i < probability.length; i++) {
            double error = probability[i] - (positive[i] ? 1 : 0);
            sum += error * error;
        }
        return sum / probability.length;
    }
}
