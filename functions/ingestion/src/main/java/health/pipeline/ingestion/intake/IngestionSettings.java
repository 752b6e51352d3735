package health.pipeline.ingestion.intake;

import health.pipeline.ingestion.formats.Limits;

/**
 * Where ingestion writes, under which keys, and what it accepts.
 *
 * @param rawKmsKeyId KMS key for raw PHI: data keys for envelope encryption and SSE-KMS (raw and quarantine zones)
 */
public record IngestionSettings(String rawBucket, String quarantineBucket, String rawKmsKeyId, Limits limits) {
}
