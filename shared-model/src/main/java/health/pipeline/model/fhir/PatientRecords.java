package health.pipeline.model.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Splits a FHIR R4 Bundle into canonical patient records: per Patient, a {@code collection} Bundle holding the
 * Patient, every resource that references it, and the resources those reference (practitioners, organisations,
 * locations), with the original fullUrls so that every reference still resolves inside the record.
 */
public final class PatientRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PatientRecords() {
    }

    /** One patient's record. {@code patientKey} is the Patient's fullUrl or {@code Patient/id}: PHI-free only by luck, never log it. */
    public record PatientRecord(String patientKey, ObjectNode bundle, int resourceCount) {
    }

    public static List<PatientRecord> split(JsonNode bundle) {
        Map<String, JsonNode> entriesByKey = new LinkedHashMap<>();
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").isObject()) {
                entries.add(entry);
                keysOf(entry).forEach(key -> entriesByKey.put(key, entry));
            }
        }
        Map<JsonNode, Set<String>> referencesOf = new HashMap<>();
        for (JsonNode entry : entries) {
            Set<String> references = new LinkedHashSet<>();
            collectReferences(entry.path("resource"), references);
            referencesOf.put(entry, references);
        }
        List<PatientRecord> records = new ArrayList<>();
        for (JsonNode patient : entries) {
            if (!"Patient".equals(patient.path("resource").path("resourceType").asText())) {
                continue;
            }
            Set<String> patientKeys = keysOf(patient);
            Set<JsonNode> members = new LinkedHashSet<>();
            members.add(patient);
            for (JsonNode entry : entries) {
                if (entry != patient && referencesOf.get(entry).stream().anyMatch(patientKeys::contains)) {
                    members.add(entry);
                }
            }
            Set<JsonNode> linked = new LinkedHashSet<>();
            for (JsonNode member : members) {
                for (String reference : referencesOf.get(member)) {
                    JsonNode target = entriesByKey.get(reference);
                    if (target != null && !members.contains(target)
                            && !"Patient".equals(target.path("resource").path("resourceType").asText())) {
                        linked.add(target);
                    }
                }
            }
            members.addAll(linked);
            ObjectNode record = JSON.createObjectNode();
            record.put("resourceType", "Bundle");
            record.put("type", "collection");
            ArrayNode recordEntries = record.putArray("entry");
            for (JsonNode member : members) {
                ObjectNode copy = recordEntries.addObject();
                if (member.hasNonNull("fullUrl")) {
                    copy.put("fullUrl", member.get("fullUrl").asText());
                }
                copy.set("resource", member.get("resource").deepCopy());
            }
            records.add(new PatientRecord(patientKeys.iterator().next(), record, members.size()));
        }
        return records;
    }

    /** The keys a reference may use for an entry: its fullUrl and {@code Type/id}. */
    static Set<String> keysOf(JsonNode entry) {
        Set<String> keys = new LinkedHashSet<>();
        if (entry.hasNonNull("fullUrl")) {
            keys.add(entry.get("fullUrl").asText());
        }
        JsonNode resource = entry.path("resource");
        if (resource.hasNonNull("id")) {
            keys.add(resource.path("resourceType").asText() + "/" + resource.get("id").asText());
        }
        return keys;
    }

    /** Every {@code reference} string anywhere in a resource. */
    public static void collectReferences(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("reference") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, into));
        }
    }
}
