package health.pipeline.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The model against NEWS2 and qSOFA on the same held-out cases: discrimination (AUROC), calibration, and what each
 * would do at its alert threshold (alert rate, PPV, sensitivity), overall and per subgroup (gender, age band).
 */
public record HeldOutEvaluation(int cases, double prevalence, Scorer model, Scorer news2, Scorer qsofa,
        List<ScoreMetrics.CalibrationBin> calibration, double expectedCalibrationError, double brier,
        List<Subgroup> subgroups) {

    /** One scorer on these cases. */
    public record Scorer(String name, double auroc, ScoreMetrics.AlertPoint alert, List<ScoreMetrics.RocPoint> roc) {
    }

    /** One subgroup of the held-out cases. */
    public record Subgroup(String attribute, String value, int cases, double prevalence, double modelAuroc,
            double news2Auroc, ScoreMetrics.AlertPoint modelAlert, ScoreMetrics.AlertPoint news2Alert) {
    }

    /**
     * @param probability the model's P(deteriorated) per row
     * @param modelAlertThreshold the probability at which the model alerts (the high band)
     */
    public static HeldOutEvaluation evaluate(List<SyntheticCohort.Row> rows, double[] probability,
            double modelAlertThreshold) {
        boolean[] positive = new boolean[rows.size()];
        double[] news2 = new double[rows.size()];
        double[] qsofa = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            positive[i] = rows.get(i).deteriorated();
            news2[i] = Baselines.news2(rows.get(i));
            qsofa[i] = Baselines.qsofa(rows.get(i));
        }
        List<ScoreMetrics.CalibrationBin> calibration = ScoreMetrics.calibration(probability, positive);
        List<Subgroup> subgroups = new ArrayList<>();
        subgroups.addAll(subgroups("gender", SyntheticCohort.GENDERS, SyntheticCohort.Row::gender, rows, probability,
                news2, positive, modelAlertThreshold));
        subgroups.addAll(subgroups("age_band", SyntheticCohort.AGE_BANDS, SyntheticCohort.Row::ageBand, rows,
                probability, news2, positive, modelAlertThreshold));
        return new HeldOutEvaluation(rows.size(), share(positive),
                scorer("model", probability, positive, modelAlertThreshold),
                scorer("NEWS2", news2, positive, Baselines.NEWS2_ALERT),
                scorer("qSOFA", qsofa, positive, Baselines.QSOFA_ALERT),
                calibration, ScoreMetrics.expectedCalibrationError(calibration),
                ScoreMetrics.brier(probability, positive), List.copyOf(subgroups));
    }

    private static Scorer scorer(String name, double[] score, boolean[] positive, double threshold) {
        return new Scorer(name, ScoreMetrics.auroc(score, positive), ScoreMetrics.alertPoint(score, positive, threshold),
                ScoreMetrics.rocCurve(score, positive));
    }

    private static List<Subgroup> subgroups(String attribute, List<String> values,
            Function<SyntheticCohort.Row, String> of, List<SyntheticCohort.Row> rows, double[] probability,
            double[] news2, boolean[] positive, double threshold) {
        List<Subgroup> result = new ArrayList<>();
        for (String value : values) {
            int[] members = IntStream.range(0, rows.size()).filter(i -> of.apply(rows.get(i)).equals(value)).toArray();
            double[] p = IntStream.of(members).mapToDouble(i -> probability[i]).toArray();
            double[] n = IntStream.of(members).mapToDouble(i -> news2[i]).toArray();
            boolean[] y = new boolean[members.length];
            for (int k = 0; k < members.length; k++) {
                y[k] = positive[members[k]];
            }
            result.add(new Subgroup(attribute, value, members.length, share(y), ScoreMetrics.auroc(p, y),
                    ScoreMetrics.auroc(n, y), ScoreMetrics.alertPoint(p, y, threshold),
                    ScoreMetrics.alertPoint(n, y, Baselines.NEWS2_ALERT)));
        }
        return result;
    }

    private static double share(boolean[] values) {
        int count = 0;
        for (boolean v : values) {
            count += v ? 1 : 0;
        }
        return values.length == 0 ? Double.NaN : count / (double) values.length;
    }
}
