package health.pipeline.deidentification.text;

import java.util.Map;

/**
 * Cleaned text and what was replaced in it: how many identifiers of each type (counts only, never values), and how
 * many dates were shifted rather than replaced. A privacy officer audits a batch from these without seeing PHI.
 */
public record Scrubbed(String text, Map<PhiType, Integer> replaced, int datesShifted) {
    static Scrubbed unchanged(String text) {
        return new Scrubbed(text, Map.of(), 0);
    }

    public boolean changed() {
        return !replaced.isEmpty() || datesShifted > 0;
    }
}
