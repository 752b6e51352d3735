package health.pipeline.model.scores;

/**
 * The latest vital signs of one encounter. A null value means "not measured".
 *
 * @param respiratoryRate   breaths per minute
 * @param oxygenSaturation  SpO2 in percent
 * @param supplementalOxygen true when the patient breathes supplemental oxygen; null when not recorded (scored as air)
 * @param systolicBp        mm Hg
 * @param heartRate         beats per minute
 * @param alert             true when Alert on the ACVPU scale; false for new confusion, voice, pain or unresponsive
 * @param temperature       degrees Celsius
 */
public record VitalSigns(Double respiratoryRate, Double oxygenSaturation, Boolean supplementalOxygen, Double systolicBp,
        Double heartRate, Boolean alert, Double temperature) {
}
