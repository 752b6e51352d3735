package health.pipeline.contracts;

import java.util.Optional;

/**
 * Why ingestion quarantined a file or a part of it: the value of {@code IngestRejected.Reason.code}.
 *
 * <p>Mirrors {@code contracts/reason-codes.json} and the {@code reason.code} enum of
 * {@code ingest-rejected.v1.schema.json}; a test keeps the three in agreement. Descriptions are fixed and content-free,
 * so a producer may use {@link #description()} as {@code IngestRejected.Reason.message}.
 */
public enum ReasonCode {
    /** The content, or one NDJSON line of it, is not well-formed JSON. */
    MALFORMED_JSON("The content, or one NDJSON line of it, is not well-formed JSON."),
    /** The content is in none of the accepted formats (FHIR R4 JSON Bundle, FHIR R4 NDJSON, HL7 v2). */
    UNSUPPORTED_FORMAT("The content is in none of the accepted formats (FHIR R4 JSON Bundle, FHIR R4 NDJSON, HL7 v2)."),
    /** The JSON document is not a FHIR R4 Bundle where a Bundle was expected. */
    NOT_A_BUNDLE("The JSON document is not a FHIR R4 Bundle where a Bundle was expected."),
    /** A resource has a resourceType the pipeline does not accept. */
    UNKNOWN_RESOURCE_TYPE("A resource has a resourceType the pipeline does not accept."),
    /** A resource lacks an element the pipeline requires. */
    MISSING_REQUIRED_ELEMENT("A resource lacks an element the pipeline requires."),
    /** A reference in the record points to a resource that is not in the record. */
    UNRESOLVED_REFERENCE("A reference in the record points to a resource that is not in the record."),
    /** A date, dateTime or instant value is not valid. */
    INVALID_DATE("A date, dateTime or instant value is not valid."),
    /** The object has no content. */
    EMPTY_FILE("The object has no content."),
    /** The object is larger than the accepted maximum size. */
    OBJECT_TOO_LARGE("The object is larger than the accepted maximum size."),
    /** JSON nesting is deeper than the accepted maximum depth. */
    NESTING_TOO_DEEP("JSON nesting is deeper than the accepted maximum depth."),
    /** A JSON string is longer than the accepted maximum length. */
    STRING_TOO_LONG("A JSON string is longer than the accepted maximum length."),
    /** A line of NDJSON or HL7 v2 content is longer than the accepted maximum length. */
    LINE_TOO_LONG("A line of NDJSON or HL7 v2 content is longer than the accepted maximum length."),
    /** The compressed object expands beyond the accepted ratio (possible decompression bomb). */
    DECOMPRESSION_RATIO_EXCEEDED("The compressed object expands beyond the accepted ratio (possible decompression bomb)."),
    /** The record contains no Patient resource. */
    NO_PATIENT("The record contains no Patient resource."),
    /** The HL7 v2 message could not be parsed. */
    HL7_PARSE_ERROR("The HL7 v2 message could not be parsed."),
    /** The landing object key does not follow the expected layout. */
    INVALID_KEY("The landing object key does not follow the expected layout."),
    /** A quantity has a unit that is not plausible for what was measured. */
    IMPLAUSIBLE_UNIT("A quantity has a unit that is not plausible for what was measured."),
    /** The HL7 v2 message type or version is not one the pipeline accepts. */
    UNSUPPORTED_MESSAGE_TYPE("The HL7 v2 message type or version is not one the pipeline accepts.");

    private final String description;

    ReasonCode(String description) {
        this.description = description;
    }

    /** The code as it appears on the wire, e.g. {@code INVALID_DATE}. */
    public String code() {
        return name();
    }

    /** A fixed, content-free explanation of the code. */
    public String description() {
        return description;
    }

    /** The code with this wire name, or empty when there is none. */
    public static Optional<ReasonCode> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (ReasonCode value : values()) {
            if (value.name().equals(code)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
