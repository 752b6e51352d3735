package health.pipeline.deidentification.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * The leak test: Synthea output, the ward samples and the hand-made corpus with PHI planted in every field type go
 * through PatientRecords.split (as ingestion does) and the Safe Harbor policy. No direct identifier of any input
 * patient may appear in the output (decoded attachments included), each patient's dates move by one offset, and
 * every output resource parses as FHIR R4 under HAPI's strict parser.
 */
class LeakTest {
    private static final Pattern DATE_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    /** One de-identified patient: its input record and its output. */
    private record Case(String file, JsonNode input, PatientDeidentifier.Result output, String outputText) {
    }

    private static final List<Case> CASES = new ArrayList<>();

    @BeforeAll
    static void deidentifyEverySample() throws IOException {
        PatientDeidentifier deidentifier = Fixtures.safeHarbor();
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> samples = Files.list(Fixtures.SAMPLES)) {
            samples.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(inputs::add);
        }
        try (Stream<Path> corpus = Files.list(Fixtures.CORPUS)) {
            corpus.filter(p -> p.getFileName().toString().startsWith("planted-phi-")).sorted().forEach(inputs::add);
        }
        for (Path input : inputs) {
            for (PatientRecords.PatientRecord record : Fixtures.records(input)) {
                PatientDeidentifier.Result result = deidentifier.deidentify(record.bundle());
                StringBuilder text = new StringBuilder();
                for (JsonNode resource : result.resources()) {
                    text.append(resource).append('\n');
                    for (JsonNode data : resource.findValues("data")) {
                        text.append(new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8)).append('\n');
                    }
                }
                CASES.add(new Case(input.getFileName().toString(), record.bundle(), result, text.toString()));
            }
        }
    }

    @Test
    void shouldCoverSyntheaWardAndCorpusPatients_whenTheLeakTestRuns() {
        assertThat(CASES).extracting(Case::file).contains("synthea-patient-1.json", "synthea-patient-2.json",
                "ward-deteriorating-patient.json", "planted-phi-every-field.json", "planted-phi-over-89-restricted-zip.json");
    }

    @Test
    void shouldLeaveNoDirectIdentifierOfAnyInputPatient_inTheOutput() throws IOException {
        String allOutput = CASES.stream().map(Case::outputText).reduce("", String::concat);
        List<String> leaks = new ArrayList<>();
        for (Case c : CASES) {
            for (String identifier : directIdentifiers(c.input())) {
                if (occurs(identifier, allOutput)) {
                    leaks.add(c.file() + ": " + identifier.length() + "-char identifier");
                }
            }
        }
        for (JsonNode planted : Fixtures.read(Fixtures.CORPUS.resolve("_planted-strings.json")).path("strings")) {
            if (occurs(planted.asText(), allOutput)) {
                leaks.add("planted: " + planted.asText());
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void shouldMoveEveryDateOfAPatientByOneOffset_whenItLeaves() {
        Pseudonymizer pseudonymizer = Fixtures.pseudonymizer();
        int comparedPatients = 0;
        for (Case c : CASES) {
            Map<String, JsonNode> inputsById = new HashMap<>();
            JsonNode patient = null;
            for (JsonNode entry : c.input().path("entry")) {
                JsonNode resource = entry.path("resource");
                if (resource.path("resourceType").asText().equals("Patient")) {
                    patient = resource;
                }
            }
            String patientKey = PatientDeidentifier.patientKeyOf(c.input());
            for (JsonNode entry : c.input().path("entry")) {
                JsonNode resource = entry.path("resource");
                String type = resource.path("resourceType").asText();
                String id = type.equals("Patient") ? pseudonymizer.pseudonym("patient", patientKey)
                        : pseudonymizer.pseudonym(type.equals("Encounter") ? "encounter" : "resource",
                                patientKey + "|" + type + "|" + resource.path("id").asText());
                inputsById.put(id, resource);
            }
            Set<Long> offsets = new HashSet<>();
            int[] compared = {0};
            for (JsonNode output : c.output().resources()) {
                compareDates(inputsById.get(output.path("id").asText()), output, offsets, compared);
            }
            assertThat(offsets).as(c.file()).containsExactly((long) c.output().dateShiftDays());
            assertThat(compared[0]).as(c.file()).isPositive();
            comparedPatients++;
        }
        assertThat(comparedPatients).isGreaterThanOrEqualTo(6);
    }

    /** Walks input and output side by side (same names; arrays of equal length by index) and diffs full dates. */
    private static void compareDates(JsonNode input, JsonNode output, Set<Long> offsets, int[] compared) {
        if (input == null) {
            return;
        }
        if (output.isObject()) {
            output.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("meta") && !f.getKey().equals("birthDate")) {
                    compareDates(input.get(f.getKey()), f.getValue(), offsets, compared);
                }
            });
        } else if (output.isArray() && input.isArray() && input.size() == output.size()) {
            for (int i = 0; i < output.size(); i++) {
                compareDates(input.get(i), output.get(i), offsets, compared);
            }
        } else if (output.isTextual() && input.isTextual() && DATE_PREFIX.matcher(output.asText()).matches()
                && DATE_PREFIX.matcher(input.asText()).matches()) {
            offsets.add(ChronoUnit.DAYS.between(LocalDate.parse(input.asText().substring(0, 10)),
                    LocalDate.parse(output.asText().substring(0, 10))));
            compared[0]++;
        }
    }

    @Test
    void shouldParseEveryOutputResourceAsFhirR4_whenHapiIsStrict() {
        FhirContext fhir = FhirContext.forR4Cached();
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        int parsed = 0;
        for (Case c : CASES) {
            for (JsonNode resource : c.output().resources()) {
                var parsedResource = parser.parseResource(resource.toString());
                assertThat(parsedResource.getIdElement().getIdPart()).isEqualTo(resource.path("id").asText());
                parsed++;
            }
        }
        assertThat(parsed).isGreaterThan(500);
    }

    /** A patient's direct identifiers as its record states them in structured fields. */
    static Set<String> directIdentifiers(JsonNode record) {
        Set<String> identifiers = new LinkedHashSet<>();
        for (JsonNode entry : record.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            if (!type.equals("Patient") && !type.equals("RelatedPerson")) {
                continue;
            }
            collectPerson(resource, identifiers);
            resource.path("contact").forEach(contact -> collectPerson(contact, identifiers));
            if (resource.path("birthDate").asText("").length() == 10) {
                identifiers.add(resource.get("birthDate").asText());
            }
            identifiers.add(resource.path("id").asText());
        }
        identifiers.removeIf(s -> s.length() < 3);
        return identifiers;
    }

    private static void collectPerson(JsonNode person, Set<String> into) {
        for (JsonNode name : person.path("name").isArray() ? person.path("name") : List.of(person.path("name"))) {
            name.path("given").forEach(g -> into.add(g.asText()));
            if (name.has("family")) {
                into.add(name.get("family").asText());
            }
        }
        person.path("identifier").forEach(i -> into.add(i.path("value").asText()));
        person.path("telecom").forEach(t -> into.add(t.path("value").asText()));
        for (JsonNode address : person.path("address").isArray() ? person.path("address") : List.of(person.path("address"))) {
            address.path("line").forEach(l -> into.add(l.asText()));
            if (address.has("city")) {
                into.add(address.get("city").asText());
            }
            if (address.path("postalCode").asText("").length() >= 5) {
                into.add(address.get("postalCode").asText());
            }
        }
    }

    private static boolean occurs(String identifier, String text) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(identifier) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find();
    }
}
