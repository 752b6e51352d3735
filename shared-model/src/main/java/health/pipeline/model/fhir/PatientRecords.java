package health.pipeline.model.fhir;

import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * The {@code Bundle.identifier} system of a canonical record whose patient is known by reference rather than by
     * the Patient's own content (NDJSON, where a patient's resources arrive in other files than its Patient line):
     * the value ({@code <source>|Patient/<id>}) is then the patient key, the same in every file, so that one patient
     * has one pseudonym and one date shift everywhere (docs/adr/0072).
     */
    public static final String PATIENT_KEY_SYSTEM = "urn:health-pipeline:patient-key";

    private PatientRecords() {
    }

    /** One patient's record. {@code patientKey} is the Patient's fullUrl or {@code Patient/id}: PHI-free only by luck, never log it. */
    public record PatientRecord(String patientKey, ObjectNode bundle, int resourceCount) {
    }

    /**
     * What the split needs of one Bundle entry: the keys other entries may reference it by ({@link #entryKeys}),
     * whether its resource is a Patient, and the references its resource holds ({@link #collectReferences}).
     */
    public record EntryLinks(List<String> keys, boolean patient, Set<String> references) {
    }

    /** One patient record before it is rendered: its key and its entries (Patient first) by position. */
    public record Membership(String patientKey, List<Integer> members) {
    }

    public static List<PatientRecord> split(JsonNode bundle) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            if (entry.path("resource").isObject()) {
                entries.add(entry);
            }
        }
        List<EntryLinks> links = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            Set<String> references = new LinkedHashSet<>();
            collectReferences(entry.path("resource"), references);
            links.add(new EntryLinks(entryKeys(entry), isPatient(entry.path("resource")), references));
        }
        List<PatientRecord> records = new ArrayList<>();
        for (Membership membership : memberships(links)) {
            ObjectNode record = NODES.objectNode().put("resourceType", "Bundle").put("type", "collection");
            ArrayNode recordEntries = record.putArray("entry");
            for (Integer member : membership.members()) {
                ObjectNode copy = recordEntries.addObject();
                JsonNode entry = entries.get(member);
                if (entry.hasNonNull("fullUrl")) {
                    copy.put("fullUrl", entry.get("fullUrl").asText());
                }
                copy.set("resource", entry.get("resource"));
            }
            records.add(new PatientRecord(membership.patientKey(), record, membership.members().size()));
        }
        return records;
    }

    /** The keys an entry is referenced by: its fullUrl, then {@code Type/id}. */
    public static List<String> entryKeys(JsonNode entry) {
        List<String> keys = new ArrayList<>(2);
        if (entry.hasNonNull("fullUrl")) {
            keys.add(entry.get("fullUrl").asText());
        }
        JsonNode resource = entry.path("resource");
        if (resource.hasNonNull("id")) {
            keys.add(resource.path("resourceType").asText() + "/" + resource.get("id").asText());
        }
        return keys;
    }

    public static boolean isPatient(JsonNode resource) {
        return "Patient".equals(resource.path("resourceType").asText());
    }

    /**
     * Which entries form which patient record, from the entries' keys and references alone, so that a caller that
     * already walked the resources (ingestion validates them in the same walk) need not walk them again. One
     * membership per Patient entry, in entry order.
     */
    public static List<Membership> memberships(List<EntryLinks> entries) {
        return memberships(entries, keyIndex(entries));
    }

    /** Entry position by key (the last entry wins a key two entries share), for resolving references. */
    public static Map<String, Integer> keyIndex(List<EntryLinks> entries) {
        Map<String, Integer> byKey = new HashMap<>(entries.size() * 3);
        for (int i = 0; i < entries.size(); i++) {
            for (String key : entries.get(i).keys()) {
                byKey.put(key, i);
            }
        }
        return byKey;
    }

    /** {@link #memberships(List)} with the {@link #keyIndex} of the same entries, when the caller has built it. */
    public static List<Membership> memberships(List<EntryLinks> entries, Map<String, Integer> byKey) {
        int count = entries.size();
        // Entries are addressed by position, and "which entry or record marked this entry last" arrays stand in for
        // a set per entry and per record: this runs over every entry of a Bundle (11,000 in a 5 MB one).
        int[][] targets = new int[count][];
        Map<Integer, List<Integer>> referencing = new HashMap<>();
        int[] resolvedBy = filled(count);
        for (int i = 0; i < count; i++) {
            int[] resolved = new int[entries.get(i).references().size()];
            int resolvedCount = 0;
            for (String reference : entries.get(i).references()) {
                Integer target = byKey.get(reference);
                if (target == null || resolvedBy[target] == i) {
                    continue; // outside the Bundle, or resolved by an earlier reference of the same entry
                }
                resolvedBy[target] = i;
                resolved[resolvedCount++] = target;
                // An entry belongs to every Patient whose fullUrl or Type/id it references; a Patient (Patient.link)
                // never joins another Patient's record: a record has exactly one Patient.
                if (entries.get(target).patient() && !entries.get(i).patient()) {
                    referencing.computeIfAbsent(target, p -> new ArrayList<>()).add(i);
                }
            }
            targets[i] = Arrays.copyOf(resolved, resolvedCount);
        }
        List<Membership> memberships = new ArrayList<>();
        int[] memberOf = filled(count);
        int[] linkedTo = filled(count);
        for (int p = 0; p < count; p++) {
            if (!entries.get(p).patient()) {
                continue;
            }
            // The Patient, the entries that reference it, then what those reference (other Patients excepted).
            List<Integer> members = new ArrayList<>();
            members.add(p);
            memberOf[p] = p;
            for (int member : referencing.getOrDefault(p, List.of())) {
                memberOf[member] = p;
                members.add(member);
            }
            int direct = members.size();
            for (int m = 0; m < direct; m++) {
                for (int target : targets[members.get(m)]) {
                    if (memberOf[target] != p && linkedTo[target] != p && !entries.get(target).patient()) {
                        linkedTo[target] = p;
                        members.add(target);
                    }
                }
            }
            List<String> keys = entries.get(p).keys();
            String patientKey = keys.isEmpty() ? "Patient#" + p : keys.get(0);
            memberships.add(new Membership(patientKey, List.copyOf(members)));
        }
        return memberships;
    }

    private static int[] filled(int count) {
        int[] marks = new int[count];
        Arrays.fill(marks, -1);
        return marks;
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
