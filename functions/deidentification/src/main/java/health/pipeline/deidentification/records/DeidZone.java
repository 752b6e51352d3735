package health.pipeline.deidentification.records;

/**
 * Object keys of the deid zone, derived from the raw zone's so that either can be found from the other:
 * {@code records/<source>/<ingestId>/<n>.fhir.json.enc} becomes {@code records/<source>/<ingestId>/<n>.ndjson}.
 */
public final class DeidZone {
    private static final String RAW_SUFFIX = ".fhir.json.enc";
    private static final String DEID_SUFFIX = ".ndjson";

    private DeidZone() {
    }

    public static String keyFor(String rawKey) {
        if (!rawKey.startsWith("records/") || !rawKey.endsWith(RAW_SUFFIX)) {
            throw new IllegalArgumentException("not a raw record key: " + rawKey);
        }
        return rawKey.substring(0, rawKey.length() - RAW_SUFFIX.length()) + DEID_SUFFIX;
    }

    /** The raw record a de-identified one came from. */
    public static String rawKeyFor(String deidKey) {
        if (!deidKey.startsWith("records/") || !deidKey.endsWith(DEID_SUFFIX) || deidKey.contains("..")) {
            throw new IllegalArgumentException("not a de-identified record key: " + deidKey);
        }
        return deidKey.substring(0, deidKey.length() - DEID_SUFFIX.length()) + RAW_SUFFIX;
    }

    /** The upstream source, the second path segment: the raw record's encryption context needs it. */
    public static String sourceOf(String key) {
        String[] parts = key.split("/");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a record key: " + key);
        }
        return parts[1];
    }
}
