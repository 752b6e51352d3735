package health.pipeline.contracts;

/**
 * The upstream file an event stems from. The landing key is carried only as a SHA-256 digest,
 * because upstream systems sometimes put patient names or MRNs into file names.
 *
 * @param bucket     landing bucket
 * @param keySha256  hex SHA-256 of the landing object key
 * @param etag       the object's ETag as S3 reported it (no quotes)
 * @param sizeBytes  object size
 * @param source     upstream source name, the first segment of the landing key (for example a facility code)
 * @param format     detected content format, e.g. {@code fhir-r4-bundle}
 */
public record SourceFile(String bucket, String keySha256, String etag, long sizeBytes, String source, String format) {
}
