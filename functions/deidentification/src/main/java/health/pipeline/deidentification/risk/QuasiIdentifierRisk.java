package health.pipeline.deidentification.risk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Re-identification risk of one output batch on the quasi-identifiers (ZIP3, birth year, gender): how many patients
 * are alone in their group (a prosecutor can single them out) and the smallest group size, k of k-anonymity.
 *
 * @param patients patients in the batch
 * @param groups   distinct (ZIP3, birth year, gender) combinations
 * @param unique   patients whose combination no other patient of the batch shares
 * @param smallestGroup k: the size of the smallest group (0 for an empty batch)
 */
public record QuasiIdentifierRisk(int patients, int groups, int unique, int smallestGroup) {

    public static QuasiIdentifierRisk of(Collection<QuasiIdentifiers> batch) {
        Map<QuasiIdentifiers, Integer> sizes = new HashMap<>();
        batch.stream().filter(Objects::nonNull).forEach(q -> sizes.merge(q, 1, Integer::sum));
        int unique = (int) sizes.values().stream().filter(size -> size == 1).count();
        int smallest = sizes.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return new QuasiIdentifierRisk(sizes.values().stream().mapToInt(Integer::intValue).sum(), sizes.size(), unique,
                smallest);
    }

    /** The share of patients that are unique, in [0, 1]. */
    public double uniqueShare() {
        return patients == 0 ? 0 : (double) unique / patients;
    }

    /** For the audit details map: identifier-like strings only. */
    public Map<String, String> auditDetails() {
        return Map.of("qiPatients", String.valueOf(patients), "qiGroups", String.valueOf(groups),
                "qiUnique", String.valueOf(unique), "qiSmallestK", String.valueOf(smallestGroup),
                "qiKeys", "zip3+birthYear+gender");
    }

    /**
     * A CloudWatch embedded-metric-format line: CloudWatch turns it into metrics UniqueRecords, SmallestK and Patients
     * in namespace HealthPipeline/Deidentification, dimensioned by source. No values but counts.
     */
    public String embeddedMetricLine(String source, String policyVersion, long timestampMillis) {
        return "{\"_aws\":{\"Timestamp\":" + timestampMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":"
                + "\"HealthPipeline/Deidentification\",\"Dimensions\":[[\"source\"]],\"Metrics\":["
                + "{\"Name\":\"UniqueRecords\",\"Unit\":\"Count\"},{\"Name\":\"SmallestK\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"Patients\",\"Unit\":\"Count\"}]}]},\"source\":\"" + source + "\",\"policyVersion\":\""
                + policyVersion + "\",\"UniqueRecords\":" + unique + ",\"SmallestK\":" + smallestGroup
                + ",\"Patients\":" + patients + "}";
    }
}
