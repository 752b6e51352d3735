package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.fhir.PatientRecords.EntryLinks;
import health.pipeline.model.fhir.PatientRecords.Membership;

/** {@code PatientRecords.memberships} against the set-based version it replaced, on random entry graphs. */
class PatientRecordsMembershipTest {

    /** The first version, with a set per entry and per record: the definition the array-based one must match. */
    private static List<Membership> setBased(List<EntryLinks> entries) {
        Map<String, Integer> byKey = PatientRecords.keyIndex(entries);
        int count = entries.size();
        List<Set<Integer>> targets = new ArrayList<>();
        Map<Integer, List<Integer>> referencing = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Set<Integer> resolved = new LinkedHashSet<>();
            Set<Integer> patientsReferenced = new LinkedHashSet<>();
            for (String reference : entries.get(i).references()) {
                Integer target = byKey.get(reference);
                if (target != null) {
                    resolved.add(target);
                    if (entries.get(target).patient() && !entries.get(i).patient()) {
                        patientsReferenced.add(target);
                    }
                }
            }
            targets.add(resolved);
            for (Integer patient : patientsReferenced) {
                referencing.computeIfAbsent(patient, k -> new ArrayList<>()).add(i);
            }
        }
        List<Membership> memberships = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if (entries.get(p).patient()) {
                Set<Integer> members = new LinkedHashSet<>(List.of(p));
                members.addAll(referencing.getOrDefault(p, List.of()));
                Set<Integer> linked = new LinkedHashSet<>();
                members.forEach(m -> targets.get(m).stream()
                        .filter(t -> !members.contains(t) && !entries.get(t).patient()).forEach(linked::add));
                members.addAll(linked);
                List<String> keys = entries.get(p).keys();
                memberships.add(new Membership(keys.isEmpty() ? "Patient#" + p : keys.get(0), List.copyOf(members)));
            }
        }
        return memberships;
    }

    @Test
    void shouldGiveTheSetBasedMemberships_whenEntriesReferenceEachOtherAtRandom() {
        Random random = new Random(7);
        for (int run = 0; run < 20_000; run++) {
            int count = random.nextInt(25);
            List<EntryLinks> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<String> keys = new ArrayList<>();
                for (int k = random.nextInt(3); k > 0; k--) {
                    keys.add("k" + random.nextInt(20));
                }
                Set<String> references = new LinkedHashSet<>();
                for (int r = random.nextInt(6); r > 0; r--) {
                    references.add(random.nextInt(8) == 0 ? "elsewhere" : "k" + random.nextInt(20));
                }
                entries.add(new EntryLinks(keys, random.nextInt(3) == 0, references));
            }
            assertThat(PatientRecords.memberships(entries)).as("run %d: %s", run, entries).isEqualTo(setBased(entries));
        }
    }
}
