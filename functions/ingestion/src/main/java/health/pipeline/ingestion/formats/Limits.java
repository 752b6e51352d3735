package health.pipeline.ingestion.formats;

/**
 * What ingestion accepts. Each limit has a reason code; the defaults suit a Lambda with a 256 MB heap.
 *
 * @param maxObjectBytes         the landed object, as stored (compressed if gzip)
 * @param maxDecompressedBytes   a gzip object once inflated
 * @param maxCompressionRatio    inflated bytes per compressed byte read so far (a gzip bomb stops here)
 * @param maxLineBytes           one NDJSON line or one HL7 v2 segment
 * @param maxDocumentBytes       one JSON document read whole (a FHIR Bundle) or one HL7 v2 message
 * @param maxNestingDepth        JSON nesting
 * @param maxStringLength        one JSON string value
 * @param recordsPerChunk        patient records per RecordsIngested event
 * @param resourcesPerChunk      NDJSON lines grouped per patient at a time (bounds the heap)
 */
public record Limits(long maxObjectBytes, long maxDecompressedBytes, int maxCompressionRatio, int maxLineBytes,
        int maxDocumentBytes, int maxNestingDepth, int maxStringLength, int recordsPerChunk, int resourcesPerChunk) {

    public static Limits defaults() {
        return new Limits(2L << 30, 4L << 30, 100, 4 << 20, 16 << 20, 64, 1 << 20, 500, 2_000);
    }

    public Limits withMaxObjectBytes(long bytes) {
        return new Limits(bytes, maxDecompressedBytes, maxCompressionRatio, maxLineBytes, maxDocumentBytes,
                maxNestingDepth, maxStringLength, recordsPerChunk, resourcesPerChunk);
    }
}
