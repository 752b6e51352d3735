package health.pipeline.training;

import java.util.List;

/**
 * One model input: a vital sign, how it is coded in FHIR (LOINC), its UCUM unit and the range
 * of values the scoring function should accept as plausible measurements.
 *
 * @param name      feature name used by Tribuo, in the CSV header and in the manifest
 * @param label     human-readable label
 * @param loinc     LOINC codes that carry this vital sign (first is the preferred one)
 * @param unit      UCUM unit of the values
 * @param validMin  smallest plausible value; values outside [validMin, validMax] are treated as missing
 * @param validMax  largest plausible value
 * @param decimals  decimals kept in the canonical CSV
 */
public record VitalFeature(String name, String label, List<String> loinc, String unit,
                           double validMin, double validMax, int decimals) {

    public static final VitalFeature RESPIRATORY_RATE =
            new VitalFeature("respiratory_rate", "respiratory rate", List.of("9279-1"), "/min", 3, 70, 0);
    public static final VitalFeature OXYGEN_SATURATION =
            new VitalFeature("oxygen_saturation", "oxygen saturation", List.of("59408-5", "2708-6"), "%", 50, 100, 0);
    public static final VitalFeature SYSTOLIC_BP =
            new VitalFeature("systolic_bp", "systolic blood pressure", List.of("8480-6"), "mm[Hg]", 40, 300, 0);
    public static final VitalFeature HEART_RATE =
            new VitalFeature("heart_rate", "heart rate", List.of("8867-4"), "/min", 20, 250, 0);
    public static final VitalFeature TEMPERATURE =
            new VitalFeature("temperature", "temperature", List.of("8310-5", "8331-1"), "Cel", 30, 45, 1);

    /** The features in the column order of the canonical cohort CSV (not necessarily the ONNX order). */
    public static final List<VitalFeature> ALL =
            List.of(RESPIRATORY_RATE, OXYGEN_SATURATION, SYSTOLIC_BP, HEART_RATE, TEMPERATURE);

    public static VitalFeature byName(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown feature " + name));
    }

    public int csvIndex() {
        return ALL.indexOf(this);
    }
}
