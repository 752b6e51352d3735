package health.pipeline.model.scores;

/**
 * National Early Warning Score 2 (Royal College of Physicians, 2017), SpO2 scale 1. Missing parameters score 0 and
 * make the result incomplete. Clinical risk: 0-4 low, a single parameter scoring 3 low-medium, 5-6 medium, 7+ high.
 */
public final class News2 {
    private News2() {
    }

    public static EarlyWarningScore score(VitalSigns v) {
        int[] parts = {
                respiration(v.respiratoryRate()),
                saturation(v.oxygenSaturation()),
                Boolean.TRUE.equals(v.supplementalOxygen()) ? 2 : 0,
                systolic(v.systolicBp()),
                pulse(v.heartRate()),
                v.alert() == null || v.alert() ? 0 : 3,
                temperature(v.temperature()) };
        int total = 0;
        boolean anyThree = false;
        for (int part : parts) {
            total += part;
            anyThree |= part == 3;
        }
        boolean complete = v.respiratoryRate() != null && v.oxygenSaturation() != null && v.systolicBp() != null
                && v.heartRate() != null && v.alert() != null && v.temperature() != null;
        return new EarlyWarningScore(total, risk(total, anyThree), complete);
    }

    static String risk(int total, boolean anySingleThree) {
        if (total >= 7) {
            return "high";
        }
        if (total >= 5) {
            return "medium";
        }
        return anySingleThree ? "low-medium" : "low";
    }

    static int respiration(Double rate) {
        if (rate == null) {
            return 0;
        }
        if (rate <= 8) {
            return 3;
        }
        if (rate <= 11) {
            return 1;
        }
        if (rate <= 20) {
            return 0;
        }
        return rate <= 24 ? 2 : 3;
    }

    static int saturation(Double spo2) {
        if (spo2 == null) {
            return 0;
        }
        if (spo2 <= 91) {
            return 3;
        }
        if (spo2 <= 93) {
            return 2;
        }
        return spo2 <= 95 ? 1 : 0;
    }

    static int systolic(Double sbp) {
        if (sbp == null) {
            return 0;
        }
        if (sbp <= 90) {
            return 3;
        }
        if (sbp <= 100) {
            return 2;
        }
        if (sbp <= 110) {
            return 1;
        }
        return sbp <= 219 ? 0 : 3;
    }

    static int pulse(Double rate) {
        if (rate == null) {
            return 0;
        }
        if (rate <= 40) {
            return 3;
        }
        if (rate <= 50) {
            return 1;
        }
        if (rate <= 90) {
            return 0;
        }
        if (rate <= 110) {
            return 1;
        }
        return rate <= 130 ? 2 : 3;
    }

    static int temperature(Double celsius) {
        if (celsius == null) {
            return 0;
        }
        if (celsius <= 35.0) {
            return 3;
        }
        if (celsius <= 36.0) {
            return 1;
        }
        if (celsius <= 38.0) {
            return 0;
        }
        return celsius <= 39.0 ? 1 : 2;
    }
}
