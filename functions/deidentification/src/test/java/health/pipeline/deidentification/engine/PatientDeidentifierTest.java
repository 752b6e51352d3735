package health.pipeline.deidentification.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.processors.DateShift;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.policy.PolicyLoader;
import health.pipeline.model.fhir.PatientRecords;

class PatientDeidentifierTest {
    private final PatientDeidentifier deidentifier = Fixtures.safeHarbor();

    private JsonNode ward() {
        return Fixtures.firstRecord(Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json"));
    }

    @Test
    void shouldKeepWhatScoringReads_whenDeidentifyingTheWardPatient() {
        var result = deidentifier.deidentify(ward());
        ObjectNode encounter = result.resources().stream().filter(r -> r.path("resourceType").asText().equals("Encounter"))
                .findFirst().orElseThrow();
        assertThat(encounter.path("class").path("code").asText()).isEqualTo("IMP");
        assertThat(result.encounters()).containsExactly(encounter.path("id").asText());
        List<ObjectNode> observations = result.resources().stream()
                .filter(r -> r.path("resourceType").asText().equals("Observation")).toList();
        assertThat(observations).isNotEmpty().allSatisfy(o -> {
            assertThat(o.path("code").path("coding").path(0).path("system").asText()).isEqualTo("http://loinc.org");
            assertThat(o.path("effectiveDateTime").isTextual()).isTrue();
            assertThat(o.path("encounter").path("reference").asText()).isEqualTo("Encounter/" + encounter.path("id").asText());
        });
        assertThat(observations).anySatisfy(o -> assertThat(o.path("valueQuantity").path("code").asText()).isEqualTo("/min"));
        assertThat(observations).anySatisfy(o -> assertThat(o.path("component")).hasSize(2));
        assertThat(observations).anySatisfy(o -> assertThat(o.path("valueCodeableConcept").path("text").asText()).isEqualTo("Confusion"));
    }

    @Test
    void shouldRemoveEveryDirectIdentifier_whenDeidentifyingTheWardPatient() {
        var result = deidentifier.deidentify(ward());
        assertThat(result.resources().toString()).doesNotContain("Testwood", "Eleanor", "W7-448210", "987-65-4321",
                "555-0142", "eleanor.testwood", "Sample Lane", "Springfield", "62704", "1951-03-14",
                "7e46e073-c7b3-5b68-af48-efdb1432b589", "Ward 7");
        ObjectNode patient = result.resources().get(0);
        assertThat(patient.path("id").asText()).isEqualTo(result.patient()).matches("p-[0-9a-f]{24}");
        assertThat(patient.path("address").get(0).path("postalCode").asText()).isEqualTo("627");
    }

    @Test
    void shouldKeepEveryReferenceResolvable_whenIdsArePseudonymised() {
        var result = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.SAMPLES.resolve("synthea-patient-1.json")));
        Set<String> ids = new HashSet<>();
        result.resources().forEach(r -> ids.add(r.path("resourceType").asText() + "/" + r.path("id").asText()));
        Set<String> references = new HashSet<>();
        result.resources().forEach(r -> PatientRecords.collectReferences(r, references));
        assertThat(references).isNotEmpty();
        assertThat(ids).containsAll(references);
        assertThat(result.dropped()).isPositive(); // Claim, ExplanationOfBenefit, Practitioner... never leave
    }

    /**
     * NDJSON (Bulk Data) writes one file per resource type: the Patient line and the patient's Observations reach
     * ingestion in different files, and the Observations' record gets a Patient holding only the id. Both records, as
     * ingestion writes them, name the patient by reference; both must get one pseudonym and one date shift.
     */
    @Test
    void shouldGiveOnePseudonymAndOneDateShift_whenAPatientsNdjsonLinesArriveInSeparateFiles() throws Exception {
        String key = "{\"system\":\"" + PatientRecords.PATIENT_KEY_SYSTEM + "\",\"value\":\"bulk|Patient/p9\"}";
        JsonNode fromPatientFile = Fixtures.JSON.readTree("""
                {"resourceType":"Bundle","type":"collection","identifier":%s,"entry":[{"resource":
                 {"resourceType":"Patient","id":"p9","name":[{"family":"Quixote","given":["Alonso"]}],
                  "identifier":[{"system":"urn:mrn","value":"MRN-778812"}],"birthDate":"1961-03-14"}}]}""".formatted(key));
        JsonNode fromObservationFile = Fixtures.JSON.readTree("""
                {"resourceType":"Bundle","type":"collection","identifier":%s,"entry":[
                 {"resource":{"resourceType":"Patient","id":"p9"}},
                 {"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},
                  "subject":{"reference":"Patient/p9"},"effectiveDateTime":"2026-11-23T06:00:00Z"}}]}""".formatted(key));

        var patient = deidentifier.deidentify(fromPatientFile);
        var observations = deidentifier.deidentify(fromObservationFile);

        assertThat(observations.patient()).isEqualTo(patient.patient());
        assertThat(observations.dateShiftDays()).isEqualTo(patient.dateShiftDays());
        ObjectNode observation = observations.resources().stream()
                .filter(r -> r.path("resourceType").asText().equals("Observation")).findFirst().orElseThrow();
        assertThat(observation.at("/subject/reference").asText()).isEqualTo("Patient/" + patient.patient());
        assertThat(ChronoUnit.DAYS.between(OffsetDateTime.parse("2026-11-23T06:00:00Z"),
                OffsetDateTime.parse(observation.get("effectiveDateTime").asText()))).isEqualTo(patient.dateShiftDays());
    }

    @Test
    void shouldGiveTheSameOutput_whenTheSameRecordIsDeidentifiedTwice() {
        var first = deidentifier.deidentify(ward());
        var second = Fixtures.safeHarbor().deidentify(ward());
        assertThat(first.resources()).isEqualTo(second.resources());
        assertThat(first.dateShiftDays()).isNotZero().isBetween(-180, 180);
        String original = ward().findValues("effectiveDateTime").get(0).asText();
        String shifted = first.resources().stream().filter(r -> r.has("effectiveDateTime")).findFirst().orElseThrow()
                .get("effectiveDateTime").asText();
        assertThat(ChronoUnit.DAYS.between(OffsetDateTime.parse(original), OffsetDateTime.parse(shifted)))
                .isEqualTo(first.dateShiftDays());
    }

    @Test
    void shouldLabelWhatWasDone_whenResourcesLeave() {
        var result = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.CORPUS.resolve("planted-phi-every-field.json")));
        ObjectNode patient = result.resources().get(0);
        assertThat(patient.path("meta").path("security").findValuesAsText("code"))
                .contains("PSEUDED", "REDACTED", "ABSTRED", "MASKED");
        assertThat(result.resources()).allSatisfy(r -> assertThat(r.path("meta").path("security").findValuesAsText("system"))
                .allMatch(SecurityLabel.SYSTEM::equals));
        assertThat(result.operations()).containsKeys(SecurityLabel.PSEUDED, SecurityLabel.PERTURBED, SecurityLabel.MASKED);
    }

    @Test
    void shouldKeepAnExtensionByUrlAndDropTheRest_whenThePolicyNamesIt() {
        var result = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.CORPUS.resolve("planted-phi-every-field.json")));
        ObjectNode patient = result.resources().get(0);
        assertThat(patient.path("extension").findValuesAsText("url"))
                .contains("http://hl7.org/fhir/us/core/StructureDefinition/us-core-race", "ombCategory")
                .doesNotContain("http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                        "http://example.org/fhir/StructureDefinition/preferred-pharmacy-contact");
        assertThat(patient.has("modifierExtension")).isFalse();
        assertThat(result.resources()).allSatisfy(r -> assertThat(r.toString()).doesNotContain("example.org/fhir/StructureDefinition"));
    }

    @Test
    void shouldApplyTheFirstMatchingRule_whenAPolicyOverridesTheDefaultPack() {
        String policy = """
                {"policyVersion": "custom-1", "resourceTypes": ["Patient", "Observation"],
                 "dateShift": {"maxDays": 30}, "ages": {"aggregateAbove": 89}, "freeText": {"dates": "replace"},
                 "zip3": {"restrictedList": "restricted-zip3.txt"},
                 "reidentification": {"roles": {"r": ["name"]}, "purposes": ["TREAT"]},
                 "rules": [
                   {"path": "Patient.gender", "method": "substitute", "value": "unknown"},
                   {"type": "dateTime", "method": "generalize", "to": "year"},
                   {"path": "Observation.code", "method": "keep"},
                   {"path": "Observation.effective[x]", "method": "redact"},
                   {"path": "Observation.valueQuantity", "method": "keep"}
                 ]}""";
        DeidentificationPolicy custom = PolicyLoader.parse(new ByteArrayInputStream(policy.getBytes(StandardCharsets.UTF_8)),
                name -> PolicyLoader.class.getClassLoader().getResourceAsStream("policies/" + name));
        var result = new PatientDeidentifier(custom, Fixtures.pseudonymizer(), Fixtures.CLOCK).deidentify(ward());
        ObjectNode patient = result.resources().get(0);
        assertThat(patient.path("gender").asText()).isEqualTo("unknown");
        assertThat(patient.has("address")).isFalse(); // no rule keeps it
        ObjectNode observation = result.resources().stream().filter(r -> r.path("resourceType").asText().equals("Observation"))
                .findFirst().orElseThrow();
        // the dateTime type rule comes before the effective[x] path rule, so it wins: year, not removed
        assertThat(observation.path("effectiveDateTime").asText()).matches("\\d{4}");
        assertThat(observation.has("status")).isFalse();
        assertThat(observation.has("valueQuantity") || observation.has("component") || observation.has("valueCodeableConcept"))
                .isTrue();
    }

    @Test
    void shouldDropTheBirthDateWithoutQuotingIt_whenItDoesNotParse() {
        JsonNode record = ward();
        ((ObjectNode) record.path("entry").get(0).path("resource")).put("birthDate", "1951-13-45");
        var result = deidentifier.deidentify(record);
        assertThat(result.resources().get(0).has("birthDate")).isFalse();
        assertThat(result.resources().toString()).doesNotContain("1951-13-45");
    }

    @Test
    void shouldShiftDatesOfEveryPrecision_whenTheyAreFhirDates() {
        assertThat(DateShift.shift("2024-02-28", 2).asText()).isEqualTo("2024-03-01");
        assertThat(DateShift.shift("2024-02-28T10:00:00+01:00", -1).asText()).isEqualTo("2024-02-27T10:00:00+01:00");
        assertThat(DateShift.shift("2024-02-28T10:00:00.123Z", 1).asText()).isEqualTo("2024-02-29T10:00:00.123Z");
        assertThat(DateShift.shift("2024-01", 40).asText()).isEqualTo("2024-02");
        assertThat(DateShift.shift("2024", 40).asText()).isEqualTo("2024");
        assertThat(DateShift.shift("not-a-date", 3)).isNull();
    }
}
