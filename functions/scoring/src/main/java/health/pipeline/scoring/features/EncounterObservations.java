package health.pipeline.scoring.features;

import java.util.HashMap;
import java.util.Map;

/** The latest measurement per LOINC code within one encounter, and the latest level of consciousness. */
public final class EncounterObservations {
    /** LOINC "Level of responsiveness" (ACVPU). */
    public static final String CONSCIOUSNESS = "67775-7";

    private final String encounter;
    private final String encounterClass;
    private final Map<String, Measurement> latestByLoinc = new HashMap<>();
    private String consciousness;
    private String consciousnessTime;

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
        latestByLoinc.merge(loinc, measurement, (old, candidate) -> candidate.time().compareTo(old.time()) >= 0 ? candidate : old);
    }

    void observeConsciousness(String level, String time) {
        if (consciousnessTime == null || time.compareTo(consciousnessTime) >= 0) {
            consciousness = level;
            consciousnessTime = time;
        }
    }

    /** The latest measurement among these LOINC codes, or null. */
    public Measurement latest(Iterable<String> loincCodes) {
        Measurement best = null;
        for (String code : loincCodes) {
            Measurement m = latestByLoinc.get(code);
            if (m != null && (best == null || m.time().compareTo(best.time()) > 0)) {
                best = m;
            }
        }
        return best;
    }

    /** True when Alert on ACVPU, false otherwise, null when not recorded. */
    public Boolean alert() {
        if (consciousness == null) {
            return null;
        }
        String level = consciousness.trim().toLowerCase(java.util.Locale.ROOT);
        return level.equals("alert") || level.equals("a");
    }
}
