package health.pipeline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The clinician notification: one scored encounter. Pseudonymous references only; no direct identifiers.
 *
 * @param patient        patient pseudonym
 * @param encounter      encounter pseudonym
 * @param facility       facility code (the upstream source)
 * @param unit           care unit or encounter class code
 * @param score          model probability of deterioration, 0..1
 * @param band           {@code low}, {@code medium} or {@code high}
 * @param reviewRequired true when a human must review before acting on the score
 * @param reviewReasons  why review is required (codes), empty otherwise
 * @param factors        top contributing features, largest absolute contribution first
 * @param baselines      transparent early-warning scores for the same observations
 * @param model          the model that produced the score
 * @param input          the de-identified record that was scored
 */
public record RiskScored(String patient, String encounter, String facility, String unit, double score, String band,
        boolean reviewRequired, List<String> reviewReasons, List<Factor> factors, Baselines baselines, ModelRef model,
        String policyVersion, ObjectRef input, Instant scoredAt) {

    /**
     * @param label the factor in clinicians' words, generated from the feature's label, value, unit and
     *              contribution, e.g. "respiratory rate 28 /min (+0.90)". The schema allows only lower-case words,
     *              numbers, units and signs here, so no free text about a patient can travel in it.
     */
    public record Factor(String feature, double value, String unit, double contribution, String label) {
    }

    public record Baselines(Baseline news2, Baseline qsofa) {
    }

    /** @param complete false when an input of the score was missing and scored as normal */
    public record Baseline(int score, String risk, boolean complete) {
    }
}
