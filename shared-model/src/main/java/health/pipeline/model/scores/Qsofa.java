package health.pipeline.model.scores;

/**
 * quick SOFA (Seymour et al., JAMA 2016): one point each for respiratory rate >= 22/min, systolic blood pressure
 * <= 100 mm Hg and altered mentation. A score of 2 or more is "high" risk of a poor outcome from sepsis.
 */
public final class Qsofa {
    private Qsofa() {
    }

    public static EarlyWarningScore score(VitalSigns v) {
        int total = 0;
        if (v.respiratoryRate() != null && v.respiratoryRate() >= 22) {
            total++;
        }
        if (v.systolicBp() != null && v.systolicBp() <= 100) {
            total++;
        }
        if (Boolean.FALSE.equals(v.alert())) {
            total++;
        }
        boolean complete = v.respiratoryRate() != null && v.systolicBp() != null && v.alert() != null;
        return new EarlyWarningScore(total, total >= 2 ? "high" : "low", complete);
    }
}
