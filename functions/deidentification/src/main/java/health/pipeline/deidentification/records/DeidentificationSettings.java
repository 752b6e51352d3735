package health.pipeline.deidentification.records;

/**
 * @param deidKmsKeyId  KMS key for the de-identified zone (SSE-KMS)
 * @param policyVersion recorded in every output resource, event and audit entry
 * @param maxShiftDays  each patient's dates move by a keyed offset in [-max, -1] or [1, max] days
 */
public record DeidentificationSettings(String deidBucket, String deidKmsKeyId, String policyVersion, int maxShiftDays) {
}
