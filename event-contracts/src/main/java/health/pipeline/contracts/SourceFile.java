package health.pipeline.contracts;

/**
 * The upstream file an event stems from. Upstream systems put patient names and MRNs into file names, so the
 * landing key is PHI and is carried only as a keyed reference (an HMAC under the pseudonymisation secret: a plain
 * digest of a key whose shape is known could be confirmed by hashing guessed names). The way back to the key is
 * kept in the raw and quarantine zones only (docs/adr/0070-landing-keys-are-phi.md).
 *
 * @param bucket     landing bucket
 * @param keyRef     {@code l-} and 24 hex digits: the keyed reference of the landing bucket and key
 * @param etag       the object's ETag as S3 reported it (no quotes)
 * @param sizeBytes  object size
 * @param source     upstream source: the first folder of the landing key when it is a source code (for example a
 *                   facility code such as {@code ward7}), else that folder's keyed reference {@code s-<24 hex>}, or
 *                   {@code unknown} for a file outside any folder
 * @param format     detected content format, e.g. {@code fhir-r4-bundle}
 */
public record SourceFile(String bucket, String keyRef, String etag, long sizeBytes, String source, String format) {
}
