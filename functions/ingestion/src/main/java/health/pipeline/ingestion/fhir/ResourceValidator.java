package health.pipeline.ingestion.fhir;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Rejection;

/**
 * Checks one FHIR R4 resource: a known resourceType, the elements the pipeline relies on, dates that parse (FHIR's
 * own regular expressions for date, dateTime and instant) and plausible UCUM units for the vital signs it scores.
 * Messages name the element, never its value.
 */
public final class ResourceValidator {

    /** Every resource type of FHIR R4 (4.0.1). */
    static final Set<String> R4_RESOURCE_TYPES = Set.of("Account", "ActivityDefinition", "AdverseEvent",
            "AllergyIntolerance", "Appointment", "AppointmentResponse", "AuditEvent", "Basic", "Binary",
            "BiologicallyDerivedProduct", "BodyStructure", "Bundle", "CapabilityStatement", "CarePlan", "CareTeam",
            "CatalogEntry", "ChargeItem", "ChargeItemDefinition", "Claim", "ClaimResponse", "ClinicalImpression",
            "CodeSystem", "Communication", "CommunicationRequest", "CompartmentDefinition", "Composition",
            "ConceptMap", "Condition", "Consent", "Contract", "Coverage", "CoverageEligibilityRequest",
            "CoverageEligibilityResponse", "DetectedIssue", "Device", "DeviceDefinition", "DeviceMetric",
            "DeviceRequest", "DeviceUseStatement", "DiagnosticReport", "DocumentManifest", "DocumentReference",
            "EffectEvidenceSynthesis", "Encounter", "Endpoint", "EnrollmentRequest", "EnrollmentResponse",
            "EpisodeOfCare", "EventDefinition", "Evidence", "EvidenceVariable", "ExampleScenario",
            "ExplanationOfBenefit", "FamilyMemberHistory", "Flag", "Goal", "GraphDefinition", "Group",
            "GuidanceResponse", "HealthcareService", "ImagingStudy", "Immunization", "ImmunizationEvaluation",
            "ImmunizationRecommendation", "ImplementationGuide", "InsurancePlan", "Invoice", "Library", "Linkage",
            "List", "Location", "Measure", "MeasureReport", "Media", "Medication", "MedicationAdministration",
            "MedicationDispense", "MedicationKnowledge", "MedicationRequest", "MedicationStatement",
            "MedicinalProduct", "MedicinalProductAuthorization", "MedicinalProductContraindication",
            "MedicinalProductIndication", "MedicinalProductIngredient", "MedicinalProductInteraction",
            "MedicinalProductManufactured", "MedicinalProductPackaged", "MedicinalProductPharmaceutical",
            "MedicinalProductUndesirableEffect", "MessageDefinition", "MessageHeader", "MolecularSequence",
            "NamingSystem", "NutritionOrder", "Observation", "ObservationDefinition", "OperationDefinition",
            "OperationOutcome", "Organization", "OrganizationAffiliation", "Parameters", "Patient",
            "PaymentNotice", "PaymentReconciliation", "Person", "PlanDefinition", "Practitioner",
            "PractitionerRole", "Procedure", "Provenance", "Questionnaire", "QuestionnaireResponse",
            "RelatedPerson", "RequestGroup", "ResearchDefinition", "ResearchElementDefinition", "ResearchStudy",
            "ResearchSubject", "RiskAssessment", "RiskEvidenceSynthesis", "Schedule", "SearchParameter",
            "ServiceRequest", "Slot", "Specimen", "SpecimenDefinition", "StructureDefinition", "StructureMap",
            "Subscription", "Substance", "SubstanceNucleicAcid", "SubstancePolymer", "SubstanceProtein",
            "SubstanceReferenceInformation", "SubstanceSourceMaterial", "SubstanceSpecification",
            "SupplyDelivery", "SupplyRequest", "Task", "TerminologyCapabilities", "TestReport", "TestScript",
            "ValueSet", "VerificationResult", "VisionPrescription");

    /** Required elements (cardinality 1..1 in R4) of the resource types clinical feeds carry. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "Observation", Set.of("status", "code"),
            "Encounter", Set.of("status", "class"),
            "Condition", Set.of("subject"),
            "Procedure", Set.of("status", "subject"),
            "MedicationRequest", Set.of("status", "intent", "subject"),
            "DiagnosticReport", Set.of("status", "code"),
            "AllergyIntolerance", Set.of("patient"),
            "Immunization", Set.of("status", "vaccineCode", "patient"));

    /** LOINC vital signs and the UCUM unit codes that are plausible for them. */
    private static final Map<String, Set<String>> VITAL_SIGN_UNITS = Map.of(
            "8867-4", Set.of("/min", "{beats}/min"),
            "9279-1", Set.of("/min", "{breaths}/min"),
            "59408-5", Set.of("%"),
            "2708-6", Set.of("%"),
            "8480-6", Set.of("mm[Hg]"),
            "8462-4", Set.of("mm[Hg]"),
            "8310-5", Set.of("Cel", "[degF]"),
            "8331-1", Set.of("Cel", "[degF]"),
            "29463-7", Set.of("kg", "g", "[lb_av]"),
            "8302-2", Set.of("cm", "m", "[in_i]"));

    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String LOINC = "http://loinc.org";
    static final Pattern DATE = Pattern.compile(
            "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?");
    static final Pattern DATE_TIME = Pattern.compile(
            "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
                    + "(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]"
                    + "|14:00)))?)?)?");
    /** Elements of type date. */
    private static final Set<String> DATE_ELEMENTS = Set.of("birthDate", "deceasedDate");
    /** Elements of type dateTime or instant (the dateTime pattern accepts every instant). */
    private static final Set<String> DATE_TIME_ELEMENTS = Set.of("effectiveDateTime", "effectiveInstant", "issued",
            "start", "end", "onsetDateTime", "abatementDateTime", "recordedDate", "authoredOn", "occurrenceDateTime",
            "performedDateTime", "deceasedDateTime", "lastUpdated", "valueDateTime", "timestamp");

    public void validate(JsonNode resource) throws Rejection {
        validate(resource, null);
    }

    /**
     * Validates, and collects into {@code references} (when not null) every {@code reference} string of the resource,
     * as shared-model's {@code PatientRecords.collectReferences} does, in the same walk as the date checks: a Bundle's
     * resources are then walked once instead of twice (validation, then reference resolution and the split).
     */
    public void validate(JsonNode resource, Set<String> references) throws Rejection {
        if (!resource.isObject()) {
            throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "a resource is not a JSON object");
        }
        JsonNode type = resource.get("resourceType");
        if (type == null || !type.isTextual()) {
            throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "a resource has no resourceType");
        }
        if (!R4_RESOURCE_TYPES.contains(type.asText())) {
            throw new Rejection(ReasonCode.UNKNOWN_RESOURCE_TYPE, "a resource has a resourceType that is not FHIR R4");
        }
        for (String element : REQUIRED.getOrDefault(type.asText(), Set.of())) {
            if (!resource.hasNonNull(element)) {
                throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT,
                        "a " + type.asText() + " resource has no " + element);
            }
        }
        checkDatesAndCollectReferences(resource, references);
        if ("Observation".equals(type.asText())) {
            checkUnits(resource.path("code"), resource.path("valueQuantity"));
            for (JsonNode component : resource.path("component")) {
                checkUnits(component.path("code"), component.path("valueQuantity"));
            }
        }
    }

    private static void checkDatesAndCollectReferences(JsonNode node, Set<String> references) throws Rejection {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    checkDate(field.getKey(), value.textValue());
                    if (references != null && field.getKey().equals("reference")) {
                        references.add(value.textValue());
                    }
                } else if (value.isContainerNode()) {
                    checkDatesAndCollectReferences(value, references);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                checkDatesAndCollectReferences(child, references);
            }
        }
    }

    private static void checkDate(String element, String value) throws Rejection {
        if (DATE_ELEMENTS.contains(element) && !isPlainDate(value) && !DATE.matcher(value).matches()) {
            throw new Rejection(ReasonCode.INVALID_DATE, "element " + element + " is not a valid date");
        }
        if (DATE_TIME_ELEMENTS.contains(element) && !isPlainDate(value) && !isPlainUtcDateTime(value)
                && !DATE_TIME.matcher(value).matches()) {
            throw new Rejection(ReasonCode.INVALID_DATE, "element " + element + " is not a valid dateTime");
        }
    }

    /*
     * The two commonest spellings, YYYY-MM-DD and YYYY-MM-DDThh:mm:ssZ, are recognised character by character: the
     * regular expressions took a fifth of validation time. They stay the definition: a value is accepted here only if
     * they accept it too (ResourceValidatorTest), and every other value goes to them.
     */

    static boolean isPlainDate(String value) {
        return value.length() == 10 && isPlainDatePart(value);
    }

    static boolean isPlainUtcDateTime(String value) {
        return value.length() == 20 && isPlainDatePart(value) && value.charAt(10) == 'T'
                && inRange(value, 11, 0, 23) && value.charAt(13) == ':' && inRange(value, 14, 0, 59)
                && value.charAt(16) == ':' && inRange(value, 17, 0, 59) && value.charAt(19) == 'Z';
    }

    /** {@code YYYY-MM-DD} at the start: a year other than 0000, a month 01-12, a day 01-31. */
    private static boolean isPlainDatePart(String value) {
        return inRange(value, 0, 0, 99) && inRange(value, 2, 0, 99) && !value.startsWith("0000")
                && value.charAt(4) == '-' && inRange(value, 5, 1, 12) && value.charAt(7) == '-'
                && inRange(value, 8, 1, 31);
    }

    /** Two ASCII digits at {@code at} whose value is within [min, max]. */
    private static boolean inRange(String value, int at, int min, int max) {
        char tens = value.charAt(at);
        char units = value.charAt(at + 1);
        if (tens < '0' || tens > '9' || units < '0' || units > '9') {
            return false;
        }
        int number = (tens - '0') * 10 + (units - '0');
        return number >= min && number <= max;
    }

    private static void checkUnits(JsonNode code, JsonNode quantity) throws Rejection {
        if (!quantity.isObject() || !UCUM.equals(quantity.path("system").asText())) {
            return;
        }
        for (JsonNode coding : code.path("coding")) {
            Set<String> plausible = LOINC.equals(coding.path("system").asText())
                    ? VITAL_SIGN_UNITS.get(coding.path("code").asText()) : null;
            if (plausible != null && !plausible.contains(quantity.path("code").asText())) {
                throw new Rejection(ReasonCode.IMPLAUSIBLE_UNIT,
                        "an Observation with LOINC " + coding.path("code").asText() + " has an implausible unit");
            }
        }
    }
}
