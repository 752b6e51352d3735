package health.pipeline.deidentification.engine;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.policy.FreeTextDates;
import health.pipeline.deidentification.text.PatientVocabulary;
import health.pipeline.deidentification.text.Scrubbed;
import health.pipeline.deidentification.text.TextDates;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * What processors need to know about the record being de-identified: the patient's date shift, whether the patient
 * is older than the policy's oldest age, the record's own identifiers for free-text matching (built on first use),
 * and the labels of the resource being processed. Holds PHI; lives for one record.
 */
public final class RecordContext {
    private final JsonNode recordBundle;
    private final DeidentificationPolicy policy;
    private final Pseudonymizer pseudonymizer;
    private final int shiftDays;
    private final boolean ageAggregated;
    private PatientVocabulary vocabulary;
    private final EnumSet<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
    private final Map<SecurityLabel, Integer> operations = new EnumMap<>(SecurityLabel.class);
    /** What free-text cleaning replaced or shifted in the resource being processed, by type: counts, never values. */
    private final Map<String, Integer> textFindings = new TreeMap<>();

    RecordContext(JsonNode recordBundle, DeidentificationPolicy policy, Pseudonymizer pseudonymizer, int shiftDays,
            boolean ageAggregated) {
        this.recordBundle = recordBundle;
        this.policy = policy;
        this.pseudonymizer = pseudonymizer;
        this.shiftDays = shiftDays;
        this.ageAggregated = ageAggregated;
    }

    public DeidentificationPolicy policy() {
        return policy;
    }

    public Pseudonymizer pseudonymizer() {
        return pseudonymizer;
    }

    public int shiftDays() {
        return shiftDays;
    }

    /** True when the patient is (or died) older than the policy's oldest age: the birth date must not be shown. */
    public boolean ageAggregated() {
        return ageAggregated;
    }

    public PatientVocabulary vocabulary() {
        if (vocabulary == null) {
            vocabulary = PatientVocabulary.of(recordBundle);
        }
        return vocabulary;
    }

    /** How dates found in free text are handled: the policy's choice, with this patient's offset. */
    public TextDates textDates() {
        return policy.freeTextDates() == FreeTextDates.SHIFT ? TextDates.shiftBy(shiftDays) : TextDates.replace();
    }

    /** Records what cleaning one element did; the resource's meta carries the sums ({@link #takeTextFindings}). */
    public void countTextFindings(Scrubbed scrubbed) {
        scrubbed.replaced().forEach((type, count) -> textFindings.merge(type.name(), count, Integer::sum));
        if (scrubbed.datesShifted() > 0) {
            textFindings.merge("DATE_SHIFTED", scrubbed.datesShifted(), Integer::sum);
        }
    }

    Map<String, Integer> takeTextFindings() {
        Map<String, Integer> taken = new TreeMap<>(textFindings);
        textFindings.clear();
        return taken;
    }

    public void label(SecurityLabel label) {
        labels.add(label);
        operations.merge(label, 1, Integer::sum);
    }

    Set<SecurityLabel> takeLabels() {
        Set<SecurityLabel> taken = EnumSet.copyOf(labels);
        labels.clear();
        return taken;
    }

    /** How many elements each kind of operation touched in the record. */
    Map<SecurityLabel, Integer> operations() {
        return operations;
    }
}
