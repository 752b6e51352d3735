package health.pipeline.deidentification.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.pseudonym.Pseudonymizer;

class PatientDeidentifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("../../samples");
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(new byte[32], "k-test");
    private final PatientDeidentifier deidentifier = new PatientDeidentifier(pseudonymizer, "policy-test", 180);

    private JsonNode record(String sample) throws Exception {
        return PatientRecords.split(JSON.readTree(SAMPLES.resolve(sample).toFile())).get(0).bundle();
    }

    @Test
    void shouldRemoveEveryDirectIdentifier_whenDeidentifyingTheWardPatient() throws Exception {
        var result = deidentifier.deidentify(record("ward-deteriorating-patient.json"));
        String output = result.resources().toString();
        assertThat(output).doesNotContain("Testwood", "Eleanor", "W7-448210", "987-65-4321", "555-0142",
                "eleanor.testwood", "Sample Lane", "Springfield", "62704", "1951-03-14",
                "7e46e073-c7b3-5b68-af48-efdb1432b589");
        ObjectNode patient = result.resources().get(0);
        assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
        assertThat(patient.path("id").asText()).isEqualTo(result.patient()).matches("p-[0-9a-f]{24}");
        assertThat(patient.path("birthDate").asText()).matches("\\d{4}");
        assertThat(patient.path("address").get(0).path("postalCode").asText()).isEqualTo("627");
        assertThat(patient.path("identifier").get(0).path("system").asText()).isEqualTo(PatientDeidentifier.PSEUDONYM_SYSTEM);
        assertThat(patient.path("meta").path("security").get(0).path("code").asText()).isEqualTo("PSEUDED");
    }

    @Test
    void shouldKeepEveryReferenceResolvable_whenIdsArePseudonymised() throws Exception {
        var result = deidentifier.deidentify(record("synthea-patient-1.json"));
        Set<String> ids = new HashSet<>();
        result.resources().forEach(r -> ids.add(r.path("resourceType").asText() + "/" + r.path("id").asText()));
        Set<String> references = new HashSet<>();
        result.resources().forEach(r -> PatientRecords.collectReferences(r, references));
        assertThat(references).isNotEmpty();
        assertThat(ids).containsAll(references);
        assertThat(result.encounters()).isNotEmpty();
    }

    @Test
    void shouldShiftEveryDateOfAPatientByOneOffset_whenDeidentifiedTwice() throws Exception {
        JsonNode original = record("ward-deteriorating-patient.json");
        var first = deidentifier.deidentify(original);
        var second = deidentifier.deidentify(original);
        assertThat(first.resources()).isEqualTo(second.resources());
        assertThat(first.dateShiftDays()).isNotZero().isBetween(-180, 180);

        List<String> originalTimes = original.findValues("effectiveDateTime").stream().map(JsonNode::asText).toList();
        List<String> shiftedTimes = first.resources().stream().filter(r -> r.has("effectiveDateTime"))
                .map(r -> r.get("effectiveDateTime").asText()).toList();
        assertThat(shiftedTimes).hasSameSizeAs(originalTimes);
        for (String shifted : shiftedTimes) {
            assertThat(originalTimes).doesNotContain(shifted);
        }
        long days = ChronoUnit.DAYS.between(OffsetDateTime.parse(originalTimes.get(0)).toLocalDate(),
                OffsetDateTime.parse(shiftedTimes.stream().filter(s -> OffsetDateTime.parse(s).toLocalTime()
                        .equals(OffsetDateTime.parse(originalTimes.get(0)).toLocalTime())).findFirst().orElseThrow())
                        .toLocalDate());
        assertThat(Math.abs(days)).isEqualTo(Math.abs(first.dateShiftDays()));
    }

    @Test
    void shouldDropNarrativesNotesAndAttachments_whenPresent() throws Exception {
        var result = deidentifier.deidentify(record("synthea-patient-1.json"));
        for (ObjectNode resource : result.resources()) {
            assertThat(resource.has("text")).isFalse();
            assertThat(resource.findValue("presentedForm")).isNull();
            assertThat(resource.findValue("extension")).isNull();
        }
    }

    @Test
    void shouldShiftDatesOfEveryPrecision_whenTheyAreFhirDates() {
        assertThat(PatientDeidentifier.shiftIfDate("2024-02-28", 2).asText()).isEqualTo("2024-03-01");
        assertThat(PatientDeidentifier.shiftIfDate("2024-02-28T10:00:00+01:00", -1).asText())
                .isEqualTo("2024-02-27T10:00:00+01:00");
        assertThat(PatientDeidentifier.shiftIfDate("8310-5", 3).asText()).isEqualTo("8310-5");
        assertThat(LocalDate.parse(PatientDeidentifier.shiftIfDate("2024-01-01", 10).asText())).isEqualTo("2024-01-11");
    }
}
