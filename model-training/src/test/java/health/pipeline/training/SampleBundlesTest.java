package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample bundles parse as FHIR R4 with HAPI and their references resolve inside the bundle. */
class SampleBundlesTest {

    static final String UCUM = "http://unitsofmeasure.org";
    static final Map<String, String> VITAL_UNITS = Map.of(
            "9279-1", "/min", "59408-5", "%", "8480-6", "mm[Hg]", "8462-4", "mm[Hg]", "8867-4", "/min", "8310-5", "Cel");

    static FhirContext fhir;

    @BeforeAll
    static void context() {
        fhir = FhirContext.forR4();
    }

    static Bundle parse(String file, boolean strict) throws Exception {
        IParser parser = fhir.newJsonParser();
        if (strict) {
            parser.setParserErrorHandler(new StrictErrorHandler());
        }
        return parser.parseResource(Bundle.class, Files.readString(SamplePaths.sample(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ward-deteriorating-patient.json", "ward-stable-patient.json",
            "synthea-patient-1.json", "synthea-patient-2.json"})
    void isATransactionBundleWhoseUrnReferencesResolve(String file) throws Exception {
        Bundle bundle = parse(file, true);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        Set<String> fullUrls = new HashSet<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            assertThat(e.getFullUrl()).startsWith("urn:uuid:");
            assertThat(fullUrls.add(e.getFullUrl())).as("duplicate fullUrl " + e.getFullUrl()).isTrue();
            assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
            assertThat(e.getRequest().getUrl()).isEqualTo(e.getResource().fhirType());
        }
        boolean handWritten = file.startsWith("ward-");
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            for (Reference ref : references(e.getResource())) {
                String target = ref.getReference();
                if (target == null) {
                    assertThat(ref.getDisplay()).as("reference without target or display").isNotBlank();
                } else if (target.startsWith("urn:uuid:")) {
                    assertThat(fullUrls).as("unresolved " + target + " in " + file).contains(target);
                } else {
                    // Synthea points at practitioners/organizations/locations with conditional references
                    // (Practitioner?identifier=...) and at contained resources (#coverage); ours use urn:uuid only.
                    assertThat(handWritten).as("non-urn reference " + target + " in " + file).isFalse();
                    assertThat(target).matches("(Practitioner|Organization|Location)\\?identifier=.+|#.+");
                }
            }
        }
        assertThat(bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient)).hasSize(1);
        if (!handWritten) {
            assertThat(Files.size(SamplePaths.sample(file))).isLessThan(3L * 1024 * 1024);
            Set<String> codes = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Observation.class::isInstance).map(Observation.class::cast)
                    .flatMap(o -> o.getCode().getCoding().stream()).map(c -> c.getCode()).collect(Collectors.toSet());
            assertThat(codes).contains("9279-1", "8867-4", "85354-9");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ward-deteriorating-patient.json", "ward-stable-patient.json"})
    void handWrittenBundlesCarryTheExpectedPhiAndVitals(String file) throws Exception {
        Bundle bundle = parse(file, true);
        List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        Patient patient = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
        String patientUrl = fullUrl(bundle, patient);

        assertThat(patient.getNameFirstRep().getFamily()).isNotBlank();
        assertThat(patient.getNameFirstRep().getGiven()).isNotEmpty();
        assertThat(patient.getIdentifier()).anySatisfy(id -> {
            assertThat(id.getType().getCodingFirstRep().getCode()).isEqualTo("MR");
            assertThat(id.getSystem()).startsWith("https://");
            assertThat(id.getValue()).isNotBlank();
        });
        assertThat(patient.getIdentifier()).anySatisfy(id -> {
            assertThat(id.getSystem()).isEqualTo("http://hl7.org/fhir/sid/us-ssn");
            assertThat(id.getValue()).matches("987-65-432\\d"); // reserved for advertising: never a real SSN
        });
        assertThat(patient.getTelecom()).extracting(t -> t.getSystem().toCode()).contains("phone", "email");
        assertThat(patient.getAddressFirstRep().getLine()).isNotEmpty();
        assertThat(patient.getAddressFirstRep().getCity()).isNotBlank();
        assertThat(patient.getAddressFirstRep().getState()).isNotBlank();
        assertThat(patient.getAddressFirstRep().getPostalCode()).isNotBlank();
        assertThat(patient.getBirthDate()).isNotNull();
        assertThat(patient.getGender()).isNotNull();

        List<Encounter> encounters = resources.stream().filter(Encounter.class::isInstance).map(Encounter.class::cast).toList();
        assertThat(encounters).hasSize(1);
        Encounter encounter = encounters.get(0);
        String encounterUrl = fullUrl(bundle, encounter);
        assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
        assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
        assertThat(encounter.getServiceProvider().getDisplay()).isEqualTo("Ward 7 General Medicine");
        assertThat(encounter.getSubject().getReference()).isEqualTo(patientUrl);
        OffsetDateTime start = OffsetDateTime.parse(encounter.getPeriod().getStartElement().getValueAsString());

        List<Observation> observations = resources.stream().filter(Observation.class::isInstance)
                .map(Observation.class::cast).toList();
        Set<String> codes = new HashSet<>();
        for (Observation o : observations) {
            String code = o.getCode().getCodingFirstRep().getCode();
            codes.add(code);
            assertThat(o.getCode().getCodingFirstRep().getSystem()).isEqualTo(FhirVitals.LOINC);
            assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
            assertThat(o.getSubject().getReference()).isEqualTo(patientUrl);
            assertThat(o.getEncounter().getReference()).isEqualTo(encounterUrl);
            OffsetDateTime when = OffsetDateTime.parse(o.getEffectiveDateTimeType().getValueAsString());
            assertThat(when).isAfterOrEqualTo(start);
            switch (code) {
                case "85354-9" -> {
                    assertThat(o.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                            .containsExactlyInAnyOrder("8480-6", "8462-4");
                    o.getComponent().forEach(c -> assertUcum(c.getValueQuantity(), c.getCode().getCodingFirstRep().getCode()));
                }
                case "67775-7" -> assertThat(o.getValueCodeableConcept().getText()).isIn("Alert", "Confusion");
                default -> assertUcum(o.getValueQuantity(), code);
            }
        }
        assertThat(codes).containsExactlyInAnyOrder("9279-1", "59408-5", "85354-9", "8867-4", "8310-5", "67775-7");
    }

    /** HAPI turns urn:uuid fullUrls into the resources' ids, so go by the entry. */
    private static String fullUrl(Bundle bundle, Resource resource) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow().getFullUrl();
    }

    private static void assertUcum(Quantity q, String loinc) {
        assertThat(q.getSystem()).isEqualTo(UCUM);
        assertThat(q.getCode()).isEqualTo(VITAL_UNITS.get(loinc)).isEqualTo(q.getUnit());
        assertThat(q.getValue()).isNotNull();
    }

    /** Every Reference anywhere inside the resource. */
    private static List<Reference> references(Base base) {
        List<Reference> out = new java.util.ArrayList<>();
        collect(base, out);
        return out;
    }

    private static void collect(Base base, List<Reference> out) {
        if (base instanceof Reference r) {
            out.add(r);
        }
        base.children().forEach(p -> p.getValues().forEach(v -> collect(v, out)));
    }
}
