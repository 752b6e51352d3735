package health.pipeline.ingestion.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;

import health.pipeline.model.fhir.PatientRecords;

/**
 * A canonical patient record as the UTF-8 JSON that is sealed into the raw zone, and how many resources it holds.
 * The bytes are those of {@code PatientRecords.PatientRecord.bundle().toString()}; the streamed Bundle read produces
 * them without building the record's tree.
 */
public record SerializedRecord(byte[] json, int resourceCount) {

    public static SerializedRecord of(PatientRecords.PatientRecord record) {
        return new SerializedRecord(record.bundle().toString().getBytes(StandardCharsets.UTF_8),
                record.resourceCount());
    }

    public static List<SerializedRecord> all(List<PatientRecords.PatientRecord> records) {
        return records.stream().map(SerializedRecord::of).toList();
    }
}
