package health.pipeline.deidentification.policy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * De-identifies one canonical patient record (a collection Bundle) into FHIR R4 resources:
 * <ul>
 * <li>only clinical resource types on an allow-list are kept (administrative and free-text resources are dropped);</li>
 * <li>every resource id becomes a keyed pseudonym and every reference is rewritten to it; references leaving the
 * record are removed;</li>
 * <li>the Patient's direct identifiers (names, telecom, contacts, photos, identifiers) are removed, its address is
 * reduced to state, country and a 3-digit ZIP, and its birth date to the (shifted) year;</li>
 * <li>every date is shifted by the patient's own offset, the same in every file and run;</li>
 * <li>narratives, notes, extensions, attachments and free-text values are dropped (free-text cleaning comes later);</li>
 * <li>each resource is labelled PSEUDED with the policy version.</li>
 * </ul>
 */
public final class PatientDeidentifier {
    public static final String PSEUDONYM_SYSTEM = "urn:health-pipeline:pseudonym:patient";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEPT_TYPES = Set.of("Patient", "Encounter", "Observation", "Condition",
            "Procedure", "MedicationRequest", "Immunization", "DiagnosticReport", "AllergyIntolerance");
    /** Elements that can hold direct identifiers or free text, dropped wherever they appear. */
    private static final Set<String> DROPPED_ELEMENTS = Set.of("extension", "modifierExtension", "contained", "note",
            "photo", "contact", "telecom", "name", "identifier", "presentedForm", "valueString", "valueAttachment",
            "link", "generalPractitioner", "managingOrganization", "meta", "implicitRules", "participant",
            "performer", "requester", "recorder", "asserter", "location", "serviceProvider", "hospitalization",
            "reasonReference", "insurance", "account", "basedOn", "partOf", "supportingInfo", "payor");
    private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");

    private final Pseudonymizer pseudonymizer;
    private final String policyVersion;
    private final int maxShiftDays;

    public PatientDeidentifier(Pseudonymizer pseudonymizer, String policyVersion, int maxShiftDays) {
        this.pseudonymizer = pseudonymizer;
        this.policyVersion = policyVersion;
        this.maxShiftDays = maxShiftDays;
    }

    /** The de-identified resources of one record, the patient's pseudonym and its encounters' pseudonyms. */
    public record Result(String patient, List<String> encounters, List<ObjectNode> resources, int dropped,
            int dateShiftDays) {
    }

    public Result deidentify(JsonNode recordBundle) {
        JsonNode patientEntry = null;
        for (JsonNode entry : recordBundle.path("entry")) {
            if ("Patient".equals(entry.path("resource").path("resourceType").asText())) {
                patientEntry = entry;
                break;
            }
        }
        if (patientEntry == null) {
            throw new IllegalArgumentException("the record holds no Patient");
        }
        String patientKey = patientKeyOf(patientEntry.path("resource"));
        int shift = pseudonymizer.dateShiftDays(patientKey, maxShiftDays);

        Map<String, String> newReferences = new HashMap<>();
        List<JsonNode> kept = new ArrayList<>();
        int dropped = 0;
        for (JsonNode entry : recordBundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            if (!KEPT_TYPES.contains(type)) {
                dropped++;
                continue;
            }
            String originalId = resource.hasNonNull("id") ? resource.get("id").asText() : entry.path("fullUrl").asText();
            String newId = type.equals("Patient") ? pseudonymizer.pseudonym("patient", patientKey)
                    : pseudonymizer.pseudonym(type.equals("Encounter") ? "encounter" : "resource",
                            patientKey + "|" + type + "|" + originalId);
            String newReference = type + "/" + newId;
            if (entry.hasNonNull("fullUrl")) {
                newReferences.put(entry.get("fullUrl").asText(), newReference);
            }
            if (resource.hasNonNull("id")) {
                newReferences.put(type + "/" + resource.get("id").asText(), newReference);
            }
            kept.add(entry);
        }

        List<ObjectNode> resources = new ArrayList<>();
        List<String> encounters = new ArrayList<>();
        String patientPseudonym = pseudonymizer.pseudonym("patient", patientKey);
        for (JsonNode entry : kept) {
            ObjectNode resource = (ObjectNode) entry.path("resource").deepCopy();
            String type = resource.path("resourceType").asText();
            String key = entry.hasNonNull("fullUrl") ? entry.get("fullUrl").asText() : type + "/" + resource.path("id").asText();
            String newId = newReferences.get(key).substring(type.length() + 1);
            ObjectNode clean = (ObjectNode) transform(resource, newReferences, shift, true);
            clean.put("id", newId);
            if (type.equals("Patient")) {
                generalisePatient(clean, entry.path("resource"), patientPseudonym, shift);
            }
            if (type.equals("Encounter")) {
                encounters.add(newId);
            }
            label(clean);
            resources.add(reorder(clean));
        }
        return new Result(patientPseudonym, encounters, resources, dropped, shift);
    }

    /** The patient's stable key: its first identifier (system|value), else its resource id. */
    static String patientKeyOf(JsonNode patient) {
        for (JsonNode identifier : patient.path("identifier")) {
            if (identifier.hasNonNull("value")) {
                return identifier.path("system").asText("") + "|" + identifier.get("value").asText();
            }
        }
        return "id|" + patient.path("id").asText();
    }

    private JsonNode transform(JsonNode node, Map<String, String> references, int shift, boolean resourceRoot) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            boolean isReference = node.has("reference");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (DROPPED_ELEMENTS.contains(name) || (name.equals("text") && (resourceRoot || value.isObject()))
                        || (!resourceRoot && name.equals("id")) || (isReference && name.equals("display"))) {
                    continue;
                }
                if (isReference && name.equals("reference")) {
                    String mapped = references.get(value.asText());
                    if (mapped == null) {
                        return null; // a reference leaving the record would re-link to the source system
                    }
                    out.put("reference", mapped);
                    continue;
                }
                JsonNode cleaned = transform(value, references, shift, false);
                if (cleaned != null && !(cleaned.isContainerNode() && cleaned.isEmpty())) {
                    out.set(name, cleaned);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(child -> {
                JsonNode cleaned = transform(child, references, shift, false);
                if (cleaned != null && !(cleaned.isContainerNode() && cleaned.isEmpty())) {
                    out.add(cleaned);
                }
            });
            return out.isEmpty() ? null : out;
        }
        if (node.isTextual()) {
            return shiftIfDate(node.asText(), shift);
        }
        return node;
    }

    /** Shifts a FHIR date, dateTime or instant; other strings are returned unchanged. */
    static JsonNode shiftIfDate(String value, int shiftDays) {
        if (DATE_TIME.matcher(value).matches()) {
            try {
                return TextNode.valueOf(OffsetDateTime.parse(value).plusDays(shiftDays)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    return TextNode.valueOf(java.time.LocalDateTime.parse(value).plusDays(shiftDays).toString());
                } catch (java.time.format.DateTimeParseException again) {
                    return null; // an unparseable date is dropped rather than passed through unshifted
                }
            }
        }
        if (DATE.matcher(value).matches()) {
            return switch (value.length()) {
                case 10 -> TextNode.valueOf(LocalDate.parse(value).plusDays(shiftDays).toString());
                case 7 -> TextNode.valueOf(YearMonth.parse(value).atDay(15).plusDays(shiftDays).toString().substring(0, 7));
                default -> TextNode.valueOf(value); // a bare year stays: shifting it would only add noise
            };
        }
        return TextNode.valueOf(value);
    }

    private void generalisePatient(ObjectNode patient, JsonNode original, String pseudonym, int shift) {
        patient.putArray("identifier").addObject().put("system", PSEUDONYM_SYSTEM).put("value", pseudonym);
        JsonNode birthDate = patient.get("birthDate");
        if (birthDate != null) {
            patient.put("birthDate", birthDate.asText().substring(0, 4));
        }
        patient.remove("address");
        JsonNode address = original.path("address").path(0);
        if (!address.isMissingNode()) {
            ObjectNode generalised = JSON.createObjectNode();
            if (address.hasNonNull("state")) {
                generalised.put("state", address.get("state").asText());
            }
            if (address.hasNonNull("country")) {
                generalised.put("country", address.get("country").asText());
            }
            String zip = address.path("postalCode").asText("");
            if (zip.length() >= 3 && zip.substring(0, 3).chars().allMatch(Character::isDigit)) {
                generalised.put("postalCode", zip.substring(0, 3));
            }
            if (!generalised.isEmpty()) {
                patient.putArray("address").add(generalised);
            }
        }
        patient.remove("multipleBirthInteger");
    }

    private void label(ObjectNode resource) {
        ObjectNode meta = resource.putObject("meta");
        meta.putArray("security").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue")
                .put("code", "PSEUDED").put("display", "pseudonymized");
        meta.putArray("tag").addObject().put("system", "urn:health-pipeline:deid-policy").put("code", policyVersion);
    }

    /** resourceType and id first, as FHIR tools print them. */
    private static ObjectNode reorder(ObjectNode resource) {
        ObjectNode ordered = JSON.createObjectNode();
        ordered.set("resourceType", resource.get("resourceType"));
        ordered.set("id", resource.get("id"));
        resource.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("resourceType") && !f.getKey().equals("id")) {
                ordered.set(f.getKey(), f.getValue());
            }
        });
        return ordered;
    }
}
