package health.pipeline.scoring.notify;

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
 * reasons a human must review. A missing or implausible value never silently becomes a confident score: it is
 * imputed with the training mean, left out of the factors, and flagged for review.
 */
public final class EncounterScorer {
    static final List<String> RESPIRATORY_RATE = List.of("9279-1");
    static final List<String> SPO2 = List.of("59408-5", "2708-6");
    static final List<String> SYSTOLIC = List.of("8480-6");
    static final List<String> HEART_RATE = List.of("8867-4");
    static final List<String> TEMPERATURE = List.of("8310-5", "8331-1");
    private static final int TOP_FACTORS = 3;

    private final RiskModel model;
    private final ModelRef modelRef;

    public EncounterScorer(RiskModel model) {
        this.model = model;
        ModelManifest m = model.manifest();
        this.modelRef = new ModelRef(m.name(), m.version(), m.sha256());
    }

    public ModelRef modelRef() {
        return modelRef;
    }

    /**
     * An encounter is scored only when at least one of the model's features was measured in it: with none, the
     * score would be the model's prior, a guess presented as a score.
     */
    public boolean isScorable(EncounterObservations observations) {
        return model.manifest().features().stream().anyMatch(f -> observations.latest(f.loinc()) != null);
    }

    /** The case to score: who, where, and what was measured. */
    public record Case(String patient, String facility, EncounterObservations observations, ObjectRef input) {
    }

    public List<RiskScored> score(List<Case> cases, String policyVersion, java.time.Instant now) {
        ModelManifest manifest = model.manifest();
        int width = manifest.features().size();
        float[][] rows = new float[cases.size()][width];
        List<List<String>> reviewReasons = new ArrayList<>();
        List<List<RiskScored.Factor>> factors = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            List<String> reasons = new ArrayList<>();
            List<RiskScored.Factor> caseFactors = new ArrayList<>();
            for (int f = 0; f < width; f++) {
                ModelManifest.Feature feature = manifest.features().get(f);
                Measurement m = cases.get(c).observations().latest(feature.loinc());
                double z = 0; // the training mean: the model's neutral value
                if (m == null) {
                    reasons.add("MISSING:" + feature.name());
                } else if (!feature.unit().equals(m.unit()) || m.value() < feature.validMin()
                        || m.value() > feature.validMax()) {
                    reasons.add("OUT_OF_RANGE:" + feature.name());
                } else {
                    z = (m.value() - feature.mean()) / feature.std();
                    double contribution = feature.coefficient() * z;
                    caseFactors.add(new RiskScored.Factor(feature.name(), round(m.value(), 1), feature.unit(),
                            round(contribution, 2), String.format(Locale.ROOT, "%s %s %s (%+.2f)", feature.label(),
                                    trim(m.value()), feature.unit(), contribution)));
                }
                rows[c][f] = (float) z;
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
            VitalSigns vitals = new VitalSigns(value(o.latest(RESPIRATORY_RATE)), value(o.latest(SPO2)), null,
                    value(o.latest(SYSTOLIC)), value(o.latest(HEART_RATE)), o.alert(), value(o.latest(TEMPERATURE)));
            EarlyWarningScore news2 = News2.score(vitals);
            EarlyWarningScore qsofa = Qsofa.score(vitals);
            double probability = Math.max(0, Math.min(1, probabilities[c]));
            results.add(new RiskScored(scored.patient(), o.encounter(), scored.facility(), o.encounterClass(),
                    round(probability, 4), manifest.band(probability), !reviewReasons.get(c).isEmpty(),
                    List.copyOf(reviewReasons.get(c)), List.copyOf(factors.get(c)),
                    new RiskScored.Baselines(baseline(news2), baseline(qsofa)), modelRef, policyVersion,
                    scored.input(), now));
        }
        return results;
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
