package health.pipeline.deidentification.fhir;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Infers the FHIR R4 data type of an element of a JSON resource from its name, its parent's type and its shape.
 *
 * <p>FHIR JSON does not name types, and carrying the full StructureDefinitions would cost start-up time and memory
 * in a Lambda. The elements that matter to de-identification are recognisable: choice elements name their type
 * ({@code valueString}, {@code onsetAge}), the person-describing types sit under well-known names ({@code name},
 * {@code telecom}, {@code address}, {@code identifier}, {@code note}, {@code photo}), references carry
 * {@code reference}, and dates have a strict lexical form. Anything else is {@code BackboneElement} or a primitive.
 */
public final class FhirTypes {
    public static final String EXTENSION = "Extension";
    public static final String REFERENCE = "Reference";
    public static final String NARRATIVE = "Narrative";
    public static final String BACKBONE = "BackboneElement";

    /** Every type name a policy rule may select. */
    public static final Set<String> SELECTABLE = Set.of("HumanName", "Address", "ContactPoint", "Identifier",
            "Attachment", NARRATIVE, "Annotation", REFERENCE, EXTENSION, "CodeableConcept", "Coding", "Period",
            "Quantity", "Age", "Meta", "date", "dateTime", "instant", "string", "markdown", "uri", "url",
            "time", "boolean", "integer", "decimal", "code", "id", "positiveInt", "unsignedInt", "base64Binary");

    private static final Set<String> CHOICE_PREFIXES = Set.of("value", "onset", "abatement", "effective", "deceased",
            "multipleBirth", "occurrence", "performed", "born", "age", "serviced", "timing", "asNeeded", "medication",
            "product", "item", "answer", "defaultValue", "fixed", "pattern", "allowed", "used", "collected",
            "recorded", "reported", "content", "subject", "location", "scheduled", "doseNumber", "seriesDoses");
    private static final Map<String, String> CHOICE_SUFFIX_TYPES = Map.ofEntries(
            Map.entry("String", "string"), Map.entry("Markdown", "markdown"), Map.entry("DateTime", "dateTime"),
            Map.entry("Date", "date"), Map.entry("Instant", "instant"), Map.entry("Time", "time"),
            Map.entry("Boolean", "boolean"), Map.entry("Integer", "integer"), Map.entry("Decimal", "decimal"),
            Map.entry("Uri", "uri"), Map.entry("Url", "url"), Map.entry("Code", "code"),
            Map.entry("PositiveInt", "positiveInt"), Map.entry("UnsignedInt", "unsignedInt"),
            Map.entry("Base64Binary", "base64Binary"), Map.entry("Attachment", "Attachment"),
            Map.entry("Age", "Age"), Map.entry("Quantity", "Quantity"), Map.entry("CodeableConcept", "CodeableConcept"),
            Map.entry("Coding", "Coding"), Map.entry("Period", "Period"), Map.entry("Reference", REFERENCE),
            Map.entry("Identifier", "Identifier"), Map.entry("HumanName", "HumanName"), Map.entry("Address", "Address"),
            Map.entry("ContactPoint", "ContactPoint"), Map.entry("Annotation", "Annotation"),
            Map.entry("Range", "Range"), Map.entry("Ratio", "Ratio"), Map.entry("SampledData", "SampledData"));
    private static final Map<String, String> NAMED_COMPLEX = Map.ofEntries(Map.entry("name", "HumanName"),
            Map.entry("address", "Address"), Map.entry("telecom", "ContactPoint"), Map.entry("identifier", "Identifier"), Map.entry("masterIdentifier", "Identifier"),
            Map.entry("note", "Annotation"), Map.entry("photo", "Attachment"), Map.entry("presentedForm", "Attachment"),
            Map.entry("attachment", "Attachment"), Map.entry("period", "Period"), Map.entry("meta", "Meta"),
            Map.entry("coding", "Coding"), Map.entry("udiCarrier", BACKBONE));
    private static final Set<String> REFERENCE_NAMES = Set.of("subject", "patient", "encounter", "performer",
            "requester", "recorder", "asserter", "author", "serviceProvider", "individual", "actor", "organization",
            "practitioner", "managingOrganization", "generalPractitioner", "custodian", "location", "partOf",
            "basedOn", "context", "provider", "insurer", "payor", "beneficiary", "source", "agent", "who",
            "onBehalfOf", "target", "focus", "sender", "recipient", "owner", "device", "specimen", "hasMember",
            "derivedFrom", "result", "reasonReference", "authorReference", "informationSource", "authenticator");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern FULL_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern PARTIAL_DATE = Pattern.compile("\\d{4}(-\\d{2})?");
    private static final Set<String> DATE_NAMES = Set.of("date", "start", "end", "issued", "recorded", "lastUpdated",
            "authoredOn", "created", "sent", "received", "occurred", "whenHandedOver", "whenPrepared", "started");

    private FhirTypes() {
    }

    /**
     * @param parentType the type of the element that holds this one ({@code null} at a resource's root)
     * @param name       the element's JSON name
     * @param value      one value of the element (an item, for repeating elements)
     */
    public static String typeOf(String parentType, String name, JsonNode value) {
        if (name.equals("extension") || name.equals("modifierExtension")) {
            return EXTENSION;
        }
        String choice = choiceType(name);
        if (choice != null) {
            return refine(choice, name, value);
        }
        if (value.isObject()) {
            if (name.equals("text") && value.has("div")) {
                return NARRATIVE;
            }
            String named = NAMED_COMPLEX.get(name);
            if (named != null) {
                return named;
            }
            if (value.has("reference") || (REFERENCE_NAMES.contains(name) && value.has("display"))) {
                return REFERENCE;
            }
            if (value.has("coding")) {
                return "CodeableConcept";
            }
            if (value.has("value") && value.get("value").isNumber()) {
                return name.endsWith("Age") ? "Age" : "Quantity";
            }
            return BACKBONE;
        }
        if (value.isTextual()) {
            return primitiveStringType(name, value.asText());
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isNumber() ? "decimal" : "string";
    }

    /** The type a choice element names ({@code valueString} is {@code string}), or {@code null}. */
    public static String choiceType(String name) {
        for (int i = 1; i < name.length(); i++) {
            if (Character.isUpperCase(name.charAt(i))) {
                String type = CHOICE_SUFFIX_TYPES.get(name.substring(i));
                return type != null && CHOICE_PREFIXES.contains(name.substring(0, i)) ? type : null;
            }
        }
        return null;
    }

    private static String refine(String declared, String name, JsonNode value) {
        if (declared.equals("dateTime") && value.isTextual() && FULL_DATE.matcher(value.asText()).matches()) {
            return "date";
        }
        return declared;
    }

    private static String primitiveStringType(String name, String text) {
        int length = text.length();
        // No upper bound: FHIR allows any number of fraction digits, and a longer dateTime is still a date to shift.
        if (length >= 4 && Character.isDigit(text.charAt(0))) {
            if (length > 10 && DATE_TIME.matcher(text).matches()) {
                return name.equals("issued") || name.equals("lastUpdated") ? "instant" : "dateTime";
            }
            if (length == 10 && FULL_DATE.matcher(text).matches()) {
                return "date";
            }
            if (length <= 7 && isDateName(name) && PARTIAL_DATE.matcher(text).matches()) {
                return "date";
            }
        }
        return "string";
    }

    private static boolean isDateName(String name) {
        return DATE_NAMES.contains(name) || name.endsWith("Date") || name.endsWith("DateTime");
    }

    /** True for the date-like primitive types a date rule may select. */
    public static boolean isTemporal(String type) {
        return type.equals("date") || type.equals("dateTime") || type.equals("instant");
    }
}
