package health.pipeline.deidentification.records;

/**
 * @param deidBucket   the de-identified zone
 * @param deidKmsKeyId KMS key for the de-identified zone (SSE-KMS)
 */
public record DeidentificationSettings(String deidBucket, String deidKmsKeyId) {
}
