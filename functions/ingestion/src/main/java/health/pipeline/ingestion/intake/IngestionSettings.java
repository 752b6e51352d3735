package health.pipeline.ingestion.intake;

/**
 * Where ingestion writes and under which keys.
 *
 * @param rawKmsKeyId        KMS key for raw PHI: data keys for envelope encryption and SSE-KMS
 * @param maxObjectBytes     larger files are quarantined (whole-file parsing; streaming comes with NDJSON)
 */
public record IngestionSettings(String rawBucket, String quarantineBucket, String rawKmsKeyId, long maxObjectBytes) {
}
