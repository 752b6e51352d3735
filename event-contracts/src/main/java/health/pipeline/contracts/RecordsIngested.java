package health.pipeline.contracts;

import java.util.List;

/** Ingestion wrote envelope-encrypted patient records into the raw zone. */
public record RecordsIngested(String ingestId, SourceFile file, List<IngestedRecord> records, String keyId) {

    /** One canonical patient record (a FHIR R4 collection Bundle), encrypted in the raw zone. */
    public record IngestedRecord(String recordId, ObjectRef object, int resourceCount) {
    }
}
