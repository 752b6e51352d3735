package health.pipeline.scoring.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import health.pipeline.contracts.ModelRef;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RiskScored;
import health.pipeline.model.scores.EarlyWarningScore;
import health.pipeline.model.scores.News2;
import health.pipeline.model.scores.Qsofa;
import health.pipeline.model.scores.VitalSigns;
import health.pipeline.scoring.features.EncounterObservations;
import health.pipeline.scoring.features.Measurement;
import health.pipeline.scoring.model.ModelManifest;
import health.pipeline.scoring.model.RiskModel;

/**
 * Scores encounters: model probability with exact per-feature contributions, NEWS2 and qSOFA beside it, and the
 * reasons a human must review. A missing, implausible or unconvertible value is imputed with the training mean
 * (the manifest's missing-value policy), left out of the factors and flagged; so are inputs outside the training
 * distribution and encounters missing too many features. Nothing that needs review is sent as a plain score.
 */
public final class EncounterScorer {
    static final List<String> RESPIRATORY_RATE = List.of("9279-1");
    static final List<String> SPO2 = List.of("59408-5", "2708-6");
    static final List<String> SYSTOLIC = List.of("8480-6");
    static final List<String> HEART_RATE = List.of("8867-4");
    static final List<String> TEMPERATURE = List.of("8310-5", "8331-1");
    private static final int TOP_FACTORS = 3;

    /** Review reason codes (RiskScored.reviewReasons); a feature-specific one is suffixed with ":" + feature. */
    public static final String MISSING = "MISSING";
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    public static final String UNIT_MISMATCH = "UNIT_MISMATCH";
    public static final String OUT_OF_DISTRIBUTION = "OUT_OF_DISTRIBUTION";
    public static final String TOO_MANY_MISSING = "TOO_MANY_MISSING";

    private final RiskModel model;
    private final ModelRef modelRef;
    private final Duration window;

    /** With the manifest's observation window. */
    public EncounterScorer(RiskModel model) {
        this(model, null);
    }

    /** @param window overrides the manifest's observation window when not null */
    public EncounterScorer(RiskModel model, Duration window) {
        this.model = model;
        ModelManifest m = model.manifest();
        this.modelRef = new ModelRef(m.name(), m.version(), m.sha256());
        this.window = window != null ? window : Duration.ofHours(m.validation().observationWindowHours());
    }

    public ModelRef modelRef() {
        return modelRef;
    }

    public ModelManifest manifest() {
        return model.manifest();
    }

    public Duration window() {
        return window;
    }

    /**
     * An encounter is scored only when at least one of the model's features was measured in it within the window:
     * with none, the score would be the model's prior, a guess presented as a score.
     */
    public boolean isScorable(EncounterObservations observations) {
        return model.manifest().features().stream().anyMatch(f -> observations.latest(f.loinc(), window) != null);
    }

    /** The case to score: who, where, and what was measured. */
    public record Case(String patient, String facility, EncounterObservations observations, ObjectRef input) {
    }

    /**
     * Scores and the feature values they used.
     *
     * @param values per case and manifest feature, the value the model used, NaN where it imputed the mean
     */
    public record Batch(List<RiskScored> scores, double[][] values) {
    }

    public Batch score(List<Case> cases, String policyVersion, Instant now) {
        ModelManifest manifest = model.manifest();
        int width = manifest.features().size();
        float[][] rows = new float[cases.size()][width];
        double[][] values = new double[cases.size()][width];
        List<List<String>> reviewReasons = new ArrayList<>();
        List<List<RiskScored.Factor>> factors = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            List<String> reasons = new ArrayList<>();
            List<RiskScored.Factor> caseFactors = new ArrayList<>();
            int missing = 0;
            for (int f = 0; f < width; f++) {
                ModelManifest.Feature feature = manifest.features().get(f);
                Measurement m = cases.get(c).observations().latest(feature.loinc(), window);
                double z = 0; // the training mean: the model's neutral value
                values[c][f] = Double.NaN;
                if (m == null) {
                    reasons.add(MISSING + ":" + feature.name());
                    missing++;
                } else if (!feature.unit().equals(m.unit())) {
                    reasons.add(UNIT_MISMATCH + ":" + feature.name());
                } else if (m.value() < feature.validMin() || m.value() > feature.validMax()) {
                    reasons.add(OUT_OF_RANGE + ":" + feature.name());
                } else {
                    z = feature.z(m.value());
                    values[c][f] = m.value();
                    if (Math.abs(z) > feature.maxAbsZ()) {
                        // a real, plausible value the model never saw the like of: used, but not trusted alone
                        reasons.add(OUT_OF_DISTRIBUTION + ":" + feature.name());
                    }
                    double contribution = feature.coefficient() * z;
                    caseFactors.add(new RiskScored.Factor(feature.name(), round(m.value(), 1), feature.unit(),
                            round(contribution, 2), String.format(Locale.ROOT, "%s %s %s (%+.2f)", feature.label(),
                                    trim(m.value()), feature.unit(), contribution)));
                }
                rows[c][f] = (float) z;
            }
            if (missing > manifest.validation().maxMissingFeatures()) {
                reasons.add(TOO_MANY_MISSING);
            }
            caseFactors.sort(Comparator.comparingDouble((RiskScored.Factor x) -> -Math.abs(x.contribution())));
            factors.add(caseFactors.subList(0, Math.min(TOP_FACTORS, caseFactors.size())));
            reviewReasons.add(reasons);
        }
        double[] probabilities = cases.isEmpty() ? new double[0] : model.predict(rows);
        List<RiskScored> results = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            Case scored = cases.get(c);
            EncounterObservations o = scored.observations();
            VitalSigns vitals = new VitalSigns(value(o.latest(RESPIRATORY_RATE, window)), value(o.latest(SPO2, window)),
                    null, value(o.latest(SYSTOLIC, window)), value(o.latest(HEART_RATE, window)), o.alert(window),
                    value(o.latest(TEMPERATURE, window)));
            EarlyWarningScore news2 = News2.score(vitals);
            EarlyWarningScore qsofa = Qsofa.score(vitals);
            double probability = Math.max(0, Math.min(1, probabilities[c]));
            results.add(new RiskScored(scored.patient(), o.encounter(), scored.facility(), o.encounterClass(),
                    round(probability, 4), manifest.band(probability), !reviewReasons.get(c).isEmpty(),
                    List.copyOf(reviewReasons.get(c)), List.copyOf(factors.get(c)),
                    new RiskScored.Baselines(baseline(news2), baseline(qsofa)), modelRef, policyVersion,
                    scored.input(), now));
        }
        return new Batch(results, values);
    }

    private static RiskScored.Baseline baseline(EarlyWarningScore score) {
        return new RiskScored.Baseline(score.score(), score.risk(), score.complete());
    }

    private static Double value(Measurement m) {
        return m == null ? null : m.value();
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
