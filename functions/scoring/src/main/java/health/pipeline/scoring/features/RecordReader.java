package health.pipeline.scoring.features;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a de-identified FHIR R4 NDJSON record into per-encounter observations. */
public final class RecordReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOINC = "http://loinc.org";

    private RecordReader() {
    }

    /** Encounters in the order they appear, each with its latest observations. */
    public static Map<String, EncounterObservations> read(byte[] ndjson) {
        Map<String, EncounterObservations> encounters = new LinkedHashMap<>();
        String[] lines = new String(ndjson, StandardCharsets.UTF_8).split("\n");
        java.util.List<JsonNode> observations = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode resource;
            try {
                resource = JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("a line of the de-identified record is not JSON");
            }
            switch (resource.path("resourceType").asText()) {
                case "Encounter" -> encounters.put("Encounter/" + resource.path("id").asText(),
                        new EncounterObservations(resource.path("id").asText(),
                                resource.path("class").path("code").asText("unknown")));
                case "Observation" -> observations.add(resource);
                default -> {
                }
            }
        }
        for (JsonNode observation : observations) {
            EncounterObservations encounter = encounters.get(observation.path("encounter").path("reference").asText());
            if (encounter == null || "entered-in-error".equals(observation.path("status").asText())) {
                continue;
            }
            Instant time = instant(observation.path("effectiveDateTime").asText(observation.path("issued").asText("")));
            if (time == null) {
                continue; // an observation that cannot be placed in time cannot be the latest within a window
            }
            for (String code : loincCodes(observation.path("code"))) {
                if (code.equals(EncounterObservations.CONSCIOUSNESS)) {
                    JsonNode value = observation.path("valueCodeableConcept");
                    String level = value.path("text").asText(value.path("coding").path(0).path("display").asText(""));
                    if (!level.isEmpty()) {
                        encounter.observeConsciousness(level, time);
                    }
                }
                quantity(observation.path("valueQuantity"), time).ifPresent(m -> encounter.observe(code, m));
            }
            for (JsonNode component : observation.path("component")) {
                for (String code : loincCodes(component.path("code"))) {
                    quantity(component.path("valueQuantity"), time).ifPresent(m -> encounter.observe(code, m));
                }
            }
        }
        return encounters;
    }

    private static java.util.List<String> loincCodes(JsonNode codeableConcept) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        for (JsonNode coding : codeableConcept.path("coding")) {
            if (LOINC.equals(coding.path("system").asText()) && coding.hasNonNull("code")) {
                codes.add(coding.get("code").asText());
            }
        }
        return codes;
    }

    /** FHIR dateTime: full instant, local date-time (read as UTC), or a date (its start); null otherwise. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notALocalTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    return null;
                }
            }
        }
    }

    private static java.util.Optional<Measurement> quantity(JsonNode quantity, Instant time) {
        if (!quantity.path("value").isNumber()) {
            return java.util.Optional.empty();
        }
        String unit = quantity.path("code").asText(quantity.path("unit").asText(""));
        return java.util.Optional.of(Units.normalise(quantity.path("value").asDouble(), unit, time));
    }
}
