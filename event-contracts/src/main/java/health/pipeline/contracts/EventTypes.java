package health.pipeline.contracts;

import java.util.Map;

/** The CloudEvents {@code type} of every event, versioned, and the payload class each carries. */
public final class EventTypes {
    public static final String RECORDS_INGESTED = "health.pipeline.records.ingested.v1";
    public static final String INGEST_REJECTED = "health.pipeline.ingest.rejected.v1";
    public static final String RECORDS_DEIDENTIFIED = "health.pipeline.records.deidentified.v1";
    public static final String RISK_SCORED = "health.pipeline.risk.scored.v1";
    public static final String AUDIT = "health.pipeline.audit.v1";
    public static final String MODEL_PROMOTED = "health.pipeline.model.promoted.v1";
    public static final String AUDIT_MAINTENANCE = "health.pipeline.audit.maintenance.v1";

    public static final Map<String, Class<?>> PAYLOADS = Map.of(
            RECORDS_INGESTED, RecordsIngested.class,
            INGEST_REJECTED, IngestRejected.class,
            RECORDS_DEIDENTIFIED, RecordsDeidentified.class,
            RISK_SCORED, RiskScored.class,
            AUDIT, AuditEvent.class,
            MODEL_PROMOTED, ModelPromoted.class,
            AUDIT_MAINTENANCE, AuditMaintenance.class);

    private EventTypes() {
    }

    public static Class<?> payloadOf(String type) {
        Class<?> payload = PAYLOADS.get(type);
        if (payload == null) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        return payload;
    }
}
