package health.pipeline.scoring.features;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The latest measurement per LOINC code within one encounter, and the latest level of consciousness. "Latest within
 * a window" is measured back from the encounter's newest observation, not from the wall clock: de-identification
 * shifts every date of a patient by the same secret offset, so only times within one record are comparable.
 */
public final class EncounterObservations {
    /** LOINC "Level of responsiveness" (ACVPU). */
    public static final String CONSCIOUSNESS = "67775-7";

    private final String encounter;
    private final String encounterClass;
    private final Map<String, Measurement> latestByLoinc = new HashMap<>();
    private String consciousness;
    private Instant consciousnessTime;
    private Instant newest;

    EncounterObservations(String encounter, String encounterClass) {
        this.encounter = encounter;
        this.encounterClass = encounterClass;
    }

    public String encounter() {
        return encounter;
    }

    public String encounterClass() {
        return encounterClass;
    }

    void observe(String loinc, Measurement measurement) {
        latestByLoinc.merge(loinc, measurement, (old, candidate) -> candidate.time().isBefore(old.time()) ? old : candidate);
        seen(measurement.time());
    }

    void observeConsciousness(String level, Instant time) {
        if (consciousnessTime == null || !time.isBefore(consciousnessTime)) {
            consciousness = level;
            consciousnessTime = time;
        }
        seen(time);
    }

    private void seen(Instant time) {
        if (newest == null || time.isAfter(newest)) {
            newest = time;
        }
    }

    /**
     * The latest measurement among these LOINC codes, or null when none lies within {@code window} of the
     * encounter's newest observation. The latest per code is the only candidate: if it is outside the window, every
     * older one is too.
     */
    public Measurement latest(Iterable<String> loincCodes, Duration window) {
        Measurement best = null;
        for (String code : loincCodes) {
            Measurement m = latestByLoinc.get(code);
            if (m != null && within(m.time(), window) && (best == null || m.time().isAfter(best.time()))) {
                best = m;
            }
        }
        return best;
    }

    /** True when Alert on ACVPU, false otherwise, null when not recorded within the window. */
    public Boolean alert(Duration window) {
        if (consciousness == null || !within(consciousnessTime, window)) {
            return null;
        }
        String level = consciousness.trim().toLowerCase(Locale.ROOT);
        return level.equals("alert") || level.equals("a");
    }

    private boolean within(Instant time, Duration window) {
        return !time.isBefore(newest.minus(window));
    }
}
