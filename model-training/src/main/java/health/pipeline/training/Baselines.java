package health.pipeline.training;

import health.pipeline.model.scores.News2;
import health.pipeline.model.scores.Qsofa;
import health.pipeline.model.scores.VitalSigns;

/**
 * NEWS2 and qSOFA of a synthetic row, by the same shared implementation the scoring function uses. The cohort has no
 * consciousness level or oxygen therapy, so every row counts as alert on room air: the baselines see exactly the
 * five vital signs the model sees, which is the fair comparison for these data.
 */
public final class Baselines {
    /** NEWS2 "medium" clinical risk (5 or more) triggers an urgent response: the baseline's alert threshold. */
    public static final int NEWS2_ALERT = 5;
    /** qSOFA 2 or more is its published positive. */
    public static final int QSOFA_ALERT = 2;

    private Baselines() {
    }

    public static int news2(SyntheticCohort.Row r) {
        return News2.score(vitals(r)).score();
    }

    public static int qsofa(SyntheticCohort.Row r) {
        return Qsofa.score(vitals(r)).score();
    }

    private static VitalSigns vitals(SyntheticCohort.Row r) {
        return new VitalSigns(r.get(VitalFeature.RESPIRATORY_RATE), r.get(VitalFeature.OXYGEN_SATURATION), false,
                r.get(VitalFeature.SYSTOLIC_BP), r.get(VitalFeature.HEART_RATE), true, r.get(VitalFeature.TEMPERATURE));
    }
}
