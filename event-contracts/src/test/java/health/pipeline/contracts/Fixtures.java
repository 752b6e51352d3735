package health.pipeline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic, synthetic instances of every payload, and access to the bundled contract files. */
final class Fixtures {

    static final String INGEST_ID = "ing-2b7e151628aed2a6";
    /** A file's ingest id as ingestion makes it: {@code i-} and 24 hex digits of the content's SHA-256. */
    static final String FILE_INGEST_ID = "i-2b7e151628aed2a6abf71588";
    static final String LANDING_KEY_REF = "l-5c2a9e0b7d41f3a86e19c0d2";
    static final String PATIENT = "p-3f9a1c2b7d4e5f6012ab34cd";
    static final String ENCOUNTER = "e-8b2d4f6a1c3e5b7012ab34cd";
    static final String SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String SHA_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

    /** Example file name of every event type. */
    static final Map<String, String> EXAMPLES = Map.of(
            EventTypes.RECORDS_INGESTED, "records-ingested.v1.json",
            EventTypes.INGEST_REJECTED, "ingest-rejected.v1.json",
            EventTypes.RECORDS_DEIDENTIFIED, "records-deidentified.v1.json",
            EventTypes.RISK_SCORED, "risk-scored.v1.json",
            EventTypes.AUDIT, "audit-event.v1.json",
            EventTypes.MODEL_PROMOTED, "model-promoted.v1.json",
            EventTypes.AUDIT_MAINTENANCE, "audit-maintenance.v1.json");

    /** Compares JSON numbers by value, so that 28 equals 28.0. */
    static final java.util.Comparator<JsonNode> NUMERIC_TOLERANT = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Fixtures() {
    }

    static SourceFile sourceFile() {
        return new SourceFile("hp-landing-dev", LANDING_KEY_REF, "0cc175b9c0f1b6a831c399e269772661", 48_213L, "fac-north",
                "fhir-r4-ndjson");
    }

    static ObjectRef raw(int n) {
        return new ObjectRef("hp-raw-dev", "raw/fac-north/" + INGEST_ID + "/r%04d.json.enc".formatted(n));
    }

    static ObjectRef deid(int n) {
        return new ObjectRef("hp-deid-dev", "deid/fac-north/" + INGEST_ID + "/r%04d.ndjson".formatted(n));
    }

    static RecordsIngested recordsIngested() {
        return new RecordsIngested(INGEST_ID, sourceFile(),
                List.of(new RecordsIngested.IngestedRecord(INGEST_ID + "-r0001", raw(1), 42),
                        new RecordsIngested.IngestedRecord(INGEST_ID + "-r0002", raw(2), 17)),
                "alias/hp-raw-zone");
    }

    static IngestRejected ingestRejected() {
        return new IngestRejected(FILE_INGEST_ID + "-L3", sourceFile(),
                new IngestRejected.Reason(ReasonCode.LINE_TOO_LONG.code(), ReasonCode.LINE_TOO_LONG.description(), 3),
                quarantined("fac-north/" + FILE_INGEST_ID + "/line-3"));
    }

    static ObjectRef quarantined(String key) {
        return new ObjectRef("hp-quarantine-dev", key);
    }

    static RecordsDeidentified recordsDeidentified() {
        return new RecordsDeidentified(INGEST_ID, "fac-north",
                List.of(new RecordsDeidentified.DeidentifiedRecord(INGEST_ID + "-r0001", PATIENT, List.of(ENCOUNTER),
                        deid(1), 42)),
                "deid-policy-2025.03", "pseudonym-key-v3");
    }

    static ModelRef model(String version, String sha) {
        return new ModelRef("deterioration-gbm", version, sha);
    }

    static RiskScored riskScored() {
        return riskScored("respiratory rate 28 /min (+0.90)");
    }

    /** @param factorLabel the value of {@link RiskScored.Factor#label()} of the first factor */
    static RiskScored riskScored(String factorLabel) {
        return new RiskScored(PATIENT, ENCOUNTER, "fac-north", "ward-4b", 0.82, "high", true,
                List.of("BASELINE_INCOMPLETE"),
                List.of(new RiskScored.Factor("respiratory_rate", 28, "/min", 0.90, factorLabel),
                        new RiskScored.Factor("spo2", 91, "%", 0.41, null),
                        new RiskScored.Factor("systolic_bp", 96, "mm[Hg]", 0.22, null)),
                new RiskScored.Baselines(new RiskScored.Baseline(7, "high", true),
                        new RiskScored.Baseline(2, "high", false)),
                model("1.4.0", SHA_B), "scoring-policy-2025.02", deid(1), T0.plusMillis(16_512));
    }

    static AuditEvent auditEvent() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("resourceCount", "42");
        details.put("encounterCount", "1");
        return new AuditEvent("deidentification", "DEIDENTIFY", "success", "HOPERAT", PATIENT,
                List.of(raw(1), deid(1)), null, "deid-policy-2025.03", "pseudonym-key-v3", details,
                T0.plusSeconds(11));
    }

    static ModelPromoted modelPromoted() {
        return new ModelPromoted("promote", model("1.5.0", SHA_A), model("1.4.0", SHA_B),
                "arn:aws:sts::111122223333:assumed-role/model-approver/cso-0042",
                new ObjectRef("hp-models-dev", "validation/deterioration-gbm/1.5.0/report.json"),
                "AUROC 0.84 vs 0.81 on the temporal hold-out; change CHG-1042",
                "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjc28tMDA0MiJ9.c2lnbmF0dXJl");
    }

    /** A realistic payload of each type. */
    static Object payload(String type) {
        return switch (type) {
            case EventTypes.RECORDS_INGESTED -> recordsIngested();
            case EventTypes.INGEST_REJECTED -> ingestRejected();
            case EventTypes.RECORDS_DEIDENTIFIED -> recordsDeidentified();
            case EventTypes.RISK_SCORED -> riskScored();
            case EventTypes.AUDIT -> auditEvent();
            case EventTypes.MODEL_PROMOTED -> modelPromoted();
            case EventTypes.AUDIT_MAINTENANCE -> new AuditMaintenance(AuditMaintenance.CHECKPOINT);
            default -> throw new IllegalArgumentException(type);
        };
    }

    static String producer(String type) {
        return switch (type) {
            case EventTypes.RECORDS_INGESTED, EventTypes.INGEST_REJECTED -> "urn:health-pipeline:function:ingestion";
            case EventTypes.RECORDS_DEIDENTIFIED -> "urn:health-pipeline:function:deidentification";
            case EventTypes.RISK_SCORED -> "urn:health-pipeline:function:scoring";
            case EventTypes.AUDIT -> "urn:health-pipeline:function:scoring";
            case EventTypes.MODEL_PROMOTED -> "urn:health-pipeline:governance:model-registry";
            case EventTypes.AUDIT_MAINTENANCE -> "urn:health-pipeline:function:audit-writer";
            default -> throw new IllegalArgumentException(type);
        };
    }

    static Envelope<Object> envelope(String type) {
        return envelope(type, payload(type));
    }

    static Envelope<Object> envelope(String type, Object payload) {
        String subject = EventTypes.MODEL_PROMOTED.equals(type) ? null
                : EventTypes.RISK_SCORED.equals(type) || EventTypes.AUDIT.equals(type) ? PATIENT : INGEST_ID;
        return new Envelope<>("evt-" + type.replace('.', '-') + "-0001", producer(type), type, subject, INGEST_ID,
                T0, payload);
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String example(String file) {
        return resource("contracts/examples/" + file);
    }

    static JsonNode json(String text) {
        try {
            return EventCodec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode exampleNode(String type) {
        return (ObjectNode) json(example(EXAMPLES.get(type)));
    }
}
