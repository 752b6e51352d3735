package health.pipeline.model.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Splits a FHIR R4 Bundle into canonical patient records: per Patient, a {@code collection} Bundle holding the
 * Patient, every resource that references it, and the resources those reference (practitioners, organisations,
 * locations), with the original fullUrls so that every reference still resolves inside the record. A Patient never
 * joins another Patient's record. Linear in entries and references (entries are addressed by position, never hashed
 * as JSON trees); the records share resource nodes with the input bundle, so copy one before changing it.
 */
public final class PatientRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PatientRecords() {
    }

    /** One patient's record. {@code patientKey} is the Patient's fullUrl or {@code Patient/id}: PHI-free only by luck, never log it. */
    public record PatientRecord(String patientKey, ObjectNode bundle, int resourceCount) {
    }

    public static List<PatientRecord> split(JsonNode bundle) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").isObject()) {
                entries.add(entry);
            }
        }
        int count = entries.size();
        Map<String, Integer> byKey = new HashMap<>();
        List<List<String>> keys = new ArrayList<>(count);
        boolean[] isPatient = new boolean[count];
        for (int i = 0; i < count; i++) {
            JsonNode entry = entries.get(i);
            List<String> entryKeys = new ArrayList<>(2);
            if (entry.hasNonNull("fullUrl")) {
                entryKeys.add(entry.get("fullUrl").asText());
            }
            JsonNode resource = entry.path("resource");
            if (resource.hasNonNull("id")) {
                entryKeys.add(resource.path("resourceType").asText() + "/" + resource.get("id").asText());
            }
            keys.add(entryKeys);
            isPatient[i] = "Patient".equals(resource.path("resourceType").asText());
        }
        for (int i = 0; i < count; i++) {
            for (String key : keys.get(i)) {
                byKey.put(key, i);
            }
        }
        List<Set<Integer>> targets = new ArrayList<>(count);
        Map<Integer, List<Integer>> referencing = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Set<String> references = new LinkedHashSet<>();
            collectReferences(entries.get(i).path("resource"), references);
            Set<Integer> resolved = new LinkedHashSet<>();
            Set<Integer> patientsReferenced = new LinkedHashSet<>();
            for (String reference : references) {
                Integer target = byKey.get(reference);
                if (target == null) {
                    continue;
                }
                resolved.add(target);
                // An entry belongs to every Patient whose fullUrl or Type/id it references; a Patient (Patient.link)
                // never joins another Patient's record: a record has exactly one Patient.
                if (isPatient[target] && !isPatient[i]) {
                    patientsReferenced.add(target);
                }
            }
            targets.add(resolved);
            for (Integer patient : patientsReferenced) {
                referencing.computeIfAbsent(patient, p -> new ArrayList<>()).add(i);
            }
        }
        List<PatientRecord> records = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if (!isPatient[p]) {
                continue;
            }
            Set<Integer> members = new LinkedHashSet<>();
            members.add(p);
            members.addAll(referencing.getOrDefault(p, List.of()));
            Set<Integer> linked = new LinkedHashSet<>();
            for (Integer member : members) {
                for (Integer target : targets.get(member)) {
                    if (!members.contains(target) && !isPatient[target]) {
                        linked.add(target);
                    }
                }
            }
            members.addAll(linked);
            ObjectNode record = NODES.objectNode().put("resourceType", "Bundle").put("type", "collection");
            ArrayNode recordEntries = record.putArray("entry");
            for (Integer member : members) {
                ObjectNode copy = recordEntries.addObject();
                JsonNode entry = entries.get(member);
                if (entry.hasNonNull("fullUrl")) {
                    copy.put("fullUrl", entry.get("fullUrl").asText());
                }
                copy.set("resource", entry.get("resource"));
            }
            String patientKey = keys.get(p).isEmpty() ? "Patient#" + p : keys.get(p).get(0);
            records.add(new PatientRecord(patientKey, record, members.size()));
        }
        return records;
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
