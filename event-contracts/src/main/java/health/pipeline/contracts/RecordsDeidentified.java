package health.pipeline.contracts;

import java.util.List;

/** De-identification wrote de-identified FHIR R4 NDJSON into the deid zone. */
public record RecordsDeidentified(String ingestId, String source, List<DeidentifiedRecord> records,
        String policyVersion, String keyVersion) {

    /**
     * @param recordId   the raw record it was derived from
     * @param patient    the patient's pseudonym
     * @param encounters pseudonyms of the encounters in the record
     */
    public record DeidentifiedRecord(String recordId, String patient, List<String> encounters, ObjectRef object,
            int resourceCount) {
    }
}
