package health.pipeline.contracts;

import java.util.Map;

/** Where the contract files live and which payload schema belongs to which event type. */
final class ContractFiles {

    /** Base IRI of every schema's {@code $id}; mapped to {@link #SCHEMA_CLASSPATH_DIR}, never fetched. */
    static final String SCHEMA_BASE_IRI = "https://health-pipeline.internal/contracts/schemas/";
    static final String SCHEMA_CLASSPATH_DIR = "contracts/schemas/";
    /** Prefix of the CloudEvents {@code dataschema} attribute; the schema's file name follows. */
    static final String DATA_SCHEMA_PREFIX = "urn:health-pipeline:schema:";
    static final String ENVELOPE_SCHEMA = "cloudevent-envelope.schema.json";
    static final String S3_NOTIFICATION_SCHEMA = "s3-event-notification.schema.json";
    /** The CloudEvents extension attribute carrying {@link Envelope#correlationId()}. */
    static final String CORRELATION_ID_EXTENSION = "correlationid";
    static final String DATA_CONTENT_TYPE = "application/json";

    /** Event type to the file name of its payload schema. */
    static final Map<String, String> PAYLOAD_SCHEMAS = Map.of(
            EventTypes.RECORDS_INGESTED, "records-ingested.v1.schema.json",
            EventTypes.INGEST_REJECTED, "ingest-rejected.v1.schema.json",
            EventTypes.RECORDS_DEIDENTIFIED, "records-deidentified.v1.schema.json",
            EventTypes.RISK_SCORED, "risk-scored.v1.schema.json",
            EventTypes.AUDIT, "audit-event.v1.schema.json",
            EventTypes.MODEL_PROMOTED, "model-promoted.v1.schema.json",
            EventTypes.AUDIT_MAINTENANCE, "audit-maintenance.v1.schema.json");

    private ContractFiles() {
    }

    /** The {@code dataschema} value of an event type, or null for an unknown type. */
    static String dataSchemaOf(String type) {
        String file = type == null ? null : PAYLOAD_SCHEMAS.get(type);
        return file == null ? null : DATA_SCHEMA_PREFIX + file;
    }

    /**
     * The value, when it is a short, identifier-like string that can be quoted in an error message, otherwise a
     * placeholder. Used for envelope attributes such as {@code type}; payload values are never quoted.
     */
    static String quotable(String value) {
        if (value != null && value.length() <= 128 && value.matches("[a-z0-9._-]+")) {
            return "'" + value + "'";
        }
        return "(unprintable value)";
    }
}
