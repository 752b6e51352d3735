package health.pipeline.ingestion.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.fhir.PatientRecords;

/**
 * Groups one chunk of NDJSON resources into canonical patient records: per Patient id, a collection Bundle with the
 * Patient and every resource of the chunk that references it, plus the non-patient resources of the chunk that those
 * reference (practitioners, organisations, locations, encounters). Resources in NDJSON reference each other as
 * {@code Type/id}, which resolves inside the record by type and id.
 *
 * <p>When a patient's resources arrive without the Patient line in the same chunk (Bulk Data exports write one file
 * per resource type), the record gets a Patient that holds only the id, so that the record still has exactly one
 * Patient and its references resolve. Every record names its patient by reference in {@code Bundle.identifier}
 * ({@link PatientRecords#PATIENT_KEY_SYSTEM}, {@code <source>|Patient/<id>}), whether or not the Patient line was in
 * the chunk, so that de-identification gives the patient the same pseudonym and date shift in every file and chunk
 * (docs/adr/0072). A patient whose resources span chunks gets one record per chunk: records are per patient per
 * chunk, which keeps memory bounded.
 */
public final class PatientGrouping {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Records of a chunk, and how many resources belonged to no patient (counted in the audit trail). */
    public record Grouped(List<PatientRecords.PatientRecord> records, int unlinkedResources) {
    }

    private PatientGrouping() {
    }

    /** @param source the landing source the lines came from: Patient ids are unique within one source only */
    public static Grouped group(List<JsonNode> resources, String source) {
        Map<String, ObjectNode> patients = new LinkedHashMap<>();
        Map<String, List<JsonNode>> byPatient = new LinkedHashMap<>();
        Map<String, JsonNode> shared = new LinkedHashMap<>();
        Map<JsonNode, Set<String>> referencesOf = new java.util.IdentityHashMap<>();
        for (JsonNode resource : resources) {
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText("");
            if ("Patient".equals(type)) {
                if (!id.isEmpty()) {
                    patients.put("Patient/" + id, (ObjectNode) resource);
                    byPatient.computeIfAbsent("Patient/" + id, k -> new ArrayList<>());
                }
                continue;
            }
            Set<String> references = new LinkedHashSet<>();
            PatientRecords.collectReferences(resource, references);
            referencesOf.put(resource, references);
            String patient = references.stream().filter(r -> r.startsWith("Patient/")).findFirst().orElse(null);
            if (patient != null) {
                byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(resource);
            } else if (!id.isEmpty()) {
                shared.put(type + "/" + id, resource);
            } else {
                shared.put("#" + shared.size(), resource);
            }
        }
        List<PatientRecords.PatientRecord> records = new ArrayList<>();
        Set<String> usedShared = new LinkedHashSet<>();
        for (Map.Entry<String, List<JsonNode>> group : byPatient.entrySet()) {
            ObjectNode bundle = NODES.objectNode().put("resourceType", "Bundle").put("type", "collection");
            bundle.putObject("identifier").put("system", PatientRecords.PATIENT_KEY_SYSTEM)
                    .put("value", source + "|" + group.getKey());
            ArrayNode entries = bundle.putArray("entry");
            ObjectNode patient = patients.get(group.getKey());
            if (patient == null) {
                patient = NODES.objectNode().put("resourceType", "Patient")
                        .put("id", group.getKey().substring("Patient/".length()));
            }
            entries.addObject().set("resource", patient);
            Set<String> linked = new LinkedHashSet<>();
            for (JsonNode member : group.getValue()) {
                entries.addObject().set("resource", member);
                referencesOf.get(member).stream().filter(shared::containsKey).forEach(linked::add);
            }
            for (String key : linked) {
                entries.addObject().set("resource", shared.get(key));
            }
            usedShared.addAll(linked);
            records.add(new PatientRecords.PatientRecord(group.getKey(), bundle, entries.size()));
        }
        return new Grouped(records, shared.size() - usedShared.size());
    }
}
