package health.pipeline.deidentification.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.processors.DateShift;

/**
 * Strings of kept resources that no rule names: each is cleaned as free text (or dropped), never passed as it came.
 * Every test plants the ward patient's own name and MRN where the Safe Harbor pack has no rule (issue 14, item 3).
 */
class UnlistedStringsTest {
    private static final String PHI = "Eleanor Testwood MRN W7-448210";
    private final PatientDeidentifier deidentifier = Fixtures.safeHarbor();

    /** The ward record with {@code resource} added, de-identified; returns the output of that resource's type. */
    private ObjectNode deidentifiedWith(String resourceJson) {
        JsonNode record = Fixtures.firstRecord(Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json")).deepCopy();
        try {
            JsonNode resource = Fixtures.JSON.readTree(resourceJson);
            ((ArrayNode) record.get("entry")).addObject().put("fullUrl", "urn:uuid:planted").set("resource", resource);
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText();
            List<ObjectNode> out = deidentifier.deidentify(record).resources();
            assertThat(out.toString()).doesNotContain("Testwood", "W7-448210");
            return out.stream().filter(r -> r.path("resourceType").asText().equals(type))
                    .filter(r -> !id.equals("vitals") || r.has("text")).reduce((a, b) -> b).orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldScrubConditionAbatementString_whenNoRuleNamesIt() {
        ObjectNode condition = deidentifiedWith("""
                {"resourceType": "Condition", "id": "c1", "code": {"coding": [{"system": "http://snomed.info/sct",
                 "code": "233604007"}]}, "abatementString": "resolved when %s went home"}""".formatted(PHI));
        assertThat(condition.path("abatementString").asText("")).doesNotContain("Testwood");
        assertThat(condition.path("code").path("coding").path(0).path("system").asText()).isEqualTo("http://snomed.info/sct");
    }

    @Test
    void shouldScrubProcedurePerformedString_whenNoRuleNamesIt() {
        ObjectNode procedure = deidentifiedWith("""
                {"resourceType": "Procedure", "id": "pr1", "status": "completed",
                 "performedString": "bedside, by the family of %s"}""".formatted(PHI));
        assertThat(procedure.path("performedString").asText("")).doesNotContain("Testwood");
        assertThat(procedure.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void shouldScrubAllergyIntoleranceOnsetString_whenNoRuleNamesIt() {
        ObjectNode allergy = deidentifiedWith("""
                {"resourceType": "AllergyIntolerance", "id": "a1", "criticality": "high",
                 "onsetString": "since childhood, says %s"}""".formatted(PHI));
        assertThat(allergy.path("onsetString").asText("")).doesNotContain("Testwood");
        assertThat(allergy.path("criticality").asText()).isEqualTo("high");
    }

    @Test
    void shouldScrubImmunizationOccurrenceString_whenNoRuleNamesIt() {
        ObjectNode immunization = deidentifiedWith("""
                {"resourceType": "Immunization", "id": "i1", "status": "completed",
                 "occurrenceString": "at the pharmacy with %s"}""".formatted(PHI));
        assertThat(immunization.path("occurrenceString").asText("")).doesNotContain("Testwood");
    }

    @Test
    void shouldScrubObservationReferenceRangeText_whenNoRuleNamesIt() {
        ObjectNode observation = deidentifiedWith("""
                {"resourceType": "Observation", "id": "o1", "status": "final",
                 "valueQuantity": {"value": 7.1, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"},
                 "referenceRange": [{"low": {"value": 3.5, "unit": "mmol/L"}, "text": "usual for %s"}]}""".formatted(PHI));
        assertThat(observation.path("referenceRange").path(0).path("text").asText("")).doesNotContain("Testwood");
        assertThat(observation.path("referenceRange").path(0).path("low").path("value").asDouble()).isEqualTo(3.5);
        assertThat(observation.path("valueQuantity").path("system").asText()).isEqualTo("http://unitsofmeasure.org");
    }

    @Test
    void shouldRemoveNarrativeComments_whenTheXhtmlHidesIdentifiersInThem() {
        ObjectNode observation = deidentifiedWith("""
                {"resourceType": "Observation", "id": "vitals", "status": "final",
                 "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><!-- %s --><p>Vitals taken</p><![CDATA[ %s ]]></div>"}}"""
                .formatted(PHI, PHI));
        String div = observation.path("text").path("div").asText();
        assertThat(div).doesNotContain("<!--", "CDATA").contains("<p>Vitals taken</p>");
    }

    @Test
    void shouldScrubTitleAndAltAttributes_whenTheXhtmlCarriesIdentifiersInThem() {
        ObjectNode observation = deidentifiedWith("""
                {"resourceType": "Observation", "id": "vitals", "status": "final",
                 "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p title=\\"%s\\">Vitals</p><img alt='photo of %s' src=\\"data:x\\"/></div>"}}"""
                .formatted(PHI, PHI));
        String div = observation.path("text").path("div").asText();
        assertThat(div).contains("<p title=\"", "<img alt=\"", "Vitals");
    }

    @Test
    void shouldShiftADateTime_whenItHasMoreFractionDigitsThanTheParserExpects() {
        String issued = "2026-11-20T08:30:00.1234567890123+00:00";
        ObjectNode observation = deidentifiedWith("""
                {"resourceType": "Observation", "id": "o2", "status": "final", "issued": "%s",
                 "effectiveDateTime": "%s"}""".formatted(issued, issued));
        int shift = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json")))
                .dateShiftDays();
        String expected = DateShift.shift("2026-11-20", shift).asText() + "T08:30:00.1234567890123+00:00";
        assertThat(observation.path("issued").asText()).isEqualTo(expected);
        assertThat(observation.path("effectiveDateTime").asText()).isEqualTo(expected);
    }
}
