package health.pipeline.ingestion.formats;

/** The content formats ingestion accepts, named as in {@code SourceFile.format} of the events. */
public enum Format {
    FHIR_BUNDLE("fhir-r4-bundle"),
    FHIR_NDJSON("fhir-r4-ndjson"),
    HL7V2("hl7v2"),
    UNKNOWN("unknown");

    private final String wireName;

    Format(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code SourceFile.format}; {@code +gzip} is appended for compressed content. */
    public String wireName(boolean gzip) {
        return gzip && this != UNKNOWN ? wireName + "+gzip" : wireName;
    }
}
