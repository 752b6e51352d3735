package health.pipeline.scoring;

import java.util.Locale;

/** De-identified FHIR NDJSON lines as the de-identification function writes them. */
final class Fixtures {
    private Fixtures() {
    }

    static String encounter(String id) {
        return "{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\",\"class\":{\"code\":\"IMP\"}}";
    }

    static String observation(String encounter, String id, String loinc, String time, double value, String unit) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://loinc.org\",\"code\":\"" + loinc + "\"}]},\"encounter\":{\"reference\":\"Encounter/" + encounter
                + "\"},\"effectiveDateTime\":\"" + time + "\",\"valueQuantity\":{\"value\":"
                + String.format(Locale.ROOT, "%s", value) + ",\"unit\":\"" + unit + "\",\"code\":\"" + unit + "\"}}";
    }

    static String consciousness(String encounter, String id, String time, String level) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://loinc.org\",\"code\":\"67775-7\"}]},\"encounter\":{\"reference\":\"Encounter/" + encounter
                + "\"},\"effectiveDateTime\":\"" + time + "\",\"valueCodeableConcept\":{\"text\":\"" + level + "\"}}";
    }

    /** One encounter with the five vitals and a level of consciousness, all at one time. */
    static String ward(String encounter, double rr, double spo2, double sbp, double hr, String acvpu, double temp) {
        String t = "2026-01-01T08:00:00Z";
        return String.join("\n", encounter(encounter),
                observation(encounter, encounter + "-rr", "9279-1", t, rr, "/min"),
                observation(encounter, encounter + "-spo2", "59408-5", t, spo2, "%"),
                observation(encounter, encounter + "-sbp", "8480-6", t, sbp, "mm[Hg]"),
                observation(encounter, encounter + "-hr", "8867-4", t, hr, "/min"),
                observation(encounter, encounter + "-t", "8310-5", t, temp, "Cel"),
                consciousness(encounter, encounter + "-avpu", t, acvpu)) + "\n";
    }
}
