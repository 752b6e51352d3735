package health.pipeline.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Test helper: reads vital-sign values out of a FHIR R4 Bundle (JSON, Jackson only) the way the scoring
 * function is expected to: an Observation matches a LOINC code either on Observation.code or on a
 * component's code (systolic BP sits in the 85354-9 panel); the value with the latest
 * effectiveDateTime wins, regardless of the entry's position in the bundle.
 */
final class FhirVitals {

    static final String LOINC = "http://loinc.org";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Measurement(OffsetDateTime when, double value, String unit) {
    }

    private final JsonNode bundle;

    private FhirVitals(JsonNode bundle) {
        this.bundle = bundle;
    }

    static FhirVitals read(Path file) throws IOException {
        return new FhirVitals(JSON.readTree(file.toFile()));
    }

    JsonNode bundle() {
        return bundle;
    }

    List<JsonNode> resources(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            if (type.equals(e.path("resource").path("resourceType").asText())) {
                out.add(e.path("resource"));
            }
        }
        return out;
    }

    /** All quantity measurements carrying any of the given LOINC codes. */
    List<Measurement> measurements(Set<String> loincCodes) {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode obs : resources("Observation")) {
            if (!obs.hasNonNull("effectiveDateTime")) {
                continue;
            }
            OffsetDateTime when = OffsetDateTime.parse(obs.path("effectiveDateTime").asText());
            if (hasCode(obs.path("code"), loincCodes) && obs.has("valueQuantity")) {
                out.add(measurement(when, obs.path("valueQuantity")));
            }
            for (JsonNode c : obs.path("component")) {
                if (hasCode(c.path("code"), loincCodes) && c.has("valueQuantity")) {
                    out.add(measurement(when, c.path("valueQuantity")));
                }
            }
        }
        return out;
    }

    Optional<Measurement> latest(Set<String> loincCodes) {
        return measurements(loincCodes).stream().max((a, b) -> a.when().compareTo(b.when()));
    }

    Optional<Measurement> earliest(Set<String> loincCodes) {
        return measurements(loincCodes).stream().min((a, b) -> a.when().compareTo(b.when()));
    }

    /** Latest valueCodeableConcept.text of an Observation with the LOINC code (e.g. 67775-7 ACVPU). */
    Optional<String> latestText(String loincCode) {
        return resources("Observation").stream()
                .filter(o -> hasCode(o.path("code"), Set.of(loincCode)) && o.has("valueCodeableConcept"))
                .max((a, b) -> OffsetDateTime.parse(a.path("effectiveDateTime").asText())
                        .compareTo(OffsetDateTime.parse(b.path("effectiveDateTime").asText())))
                .map(o -> o.path("valueCodeableConcept").path("text").asText());
    }

    private static Measurement measurement(OffsetDateTime when, JsonNode q) {
        String unit = q.hasNonNull("code") ? q.path("code").asText() : q.path("unit").asText();
        return new Measurement(when, q.path("value").asDouble(), unit);
    }

    static boolean hasCode(JsonNode codeableConcept, Set<String> codes) {
        for (JsonNode c : codeableConcept.path("coding")) {
            if (LOINC.equals(c.path("system").asText()) && codes.contains(c.path("code").asText())) {
                return true;
            }
        }
        return false;
    }
}
