package health.pipeline.deidentification.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.risk.QuasiIdentifierRisk;
import health.pipeline.deidentification.risk.QuasiIdentifiers;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.ObjectStore;

/**
 * De-identifies the records of one ingested file: decrypts each raw record (KMS checks the encryption context),
 * applies the de-identification policy and writes FHIR R4 NDJSON into the deid zone, then announces them. The
 * batch's quasi-identifier risk goes into an audit entry and a CloudWatch embedded-metric line.
 *
 * <p>Idempotent: a completion marker per ingest id is written last; event ids derive from the ingest id.
 *
 * <p>Data keys are decrypted through a {@link DataKeyCache} that lives for one invocation (one RecordsIngested):
 * ingestion seals a file's records under one source-scoped data key, so a file costs one KMS Decrypt, not one per
 * record; the plaintext keys are wiped when the invocation ends (ADR 0080).
 */
public final class RecordDeidentification {
    static final String SCORING_CHANNEL = "scoring-queue";
    private static final Logger LOG = Logger.getLogger(RecordDeidentification.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final KeyService keys;
    private final PatientDeidentifier deidentifier;
    private final EventEmitter events;
    private final DeidentificationSettings settings;
    private final String keyVersion;
    private final String policyVersion;
    private final Consumer<String> metricLines;

    /**
     * @param metricLines receives CloudWatch embedded-metric-format lines (stdout on Lambda); counts only
     */
    public RecordDeidentification(ObjectStore store, KeyService keys, PatientDeidentifier deidentifier,
            EventEmitter events, DeidentificationSettings settings, String keyVersion, Consumer<String> metricLines) {
        this.store = store;
        this.keys = keys;
        this.deidentifier = deidentifier;
        this.events = events;
        this.settings = settings;
        this.keyVersion = keyVersion;
        this.policyVersion = deidentifier.policy().version();
        this.metricLines = metricLines;
    }

    private record Written(RecordsDeidentified.DeidentifiedRecord record, QuasiIdentifiers quasiIdentifiers) {
    }

    public CompletionStage<Void> deidentify(RecordsIngested ingested, String correlationId) {
        String marker = "deidentified/" + ingested.ingestId() + ".json";
        String source = ingested.file().source();
        return store.exists(settings.deidBucket(), marker).thenCompose(done -> {
            if (done) {
                LOG.infof("ingest %s already de-identified; nothing to do", ingested.ingestId());
                return CompletableFuture.completedFuture(null);
            }
            DataKeyCache dataKeys = new DataKeyCache(keys, DataKeyCache.Bounds.defaults(), java.time.Clock.systemUTC());
            EnvelopeCipher cipher = new EnvelopeCipher(dataKeys.decryptingThroughCache());
            List<CompletableFuture<Written>> results = new ArrayList<>();
            for (RecordsIngested.IngestedRecord record : ingested.records()) {
                results.add(deidentifyRecord(cipher, ingested, record, correlationId).toCompletableFuture());
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
            all.whenComplete((ignored, error) -> dataKeys.close());
            return all.thenCompose(ignored -> {
                List<Written> written = results.stream().map(CompletableFuture::join).toList();
                List<RecordsDeidentified.DeidentifiedRecord> records = written.stream().map(Written::record).toList();
                QuasiIdentifierRisk risk = QuasiIdentifierRisk.of(written.stream().map(Written::quasiIdentifiers).toList());
                metricLines.accept(risk.embeddedMetricLine(source, policyVersion, events.now().toEpochMilli()));
                var event = new RecordsDeidentified(ingested.ingestId(), source, records, policyVersion, keyVersion);
                Map<String, String> riskDetails = new LinkedHashMap<>(risk.auditDetails());
                riskDetails.put("records", String.valueOf(records.size()));
                return events.emit(SCORING_CHANNEL, EventTypes.RECORDS_DEIDENTIFIED,
                        "deidentified-" + ingested.ingestId(), ingested.ingestId(), correlationId, event,
                        Map.of("source", source))
                        .thenCompose(sent -> events.audit("audit-deid-risk-" + ingested.ingestId(), correlationId,
                                new AuditEvent(events.functionName(), "ASSESS_REIDENTIFICATION_RISK", "success",
                                        "HOPERAT", null, records.stream().map(RecordsDeidentified.DeidentifiedRecord::object)
                                                .toList(), null, policyVersion, keyVersion, Map.copyOf(riskDetails),
                                        events.now())))
                        .thenCompose(audited -> store.put(settings.deidBucket(), marker,
                                ("{\"ingestId\":\"" + ingested.ingestId() + "\",\"records\":" + records.size()
                                        + ",\"qiUnique\":" + risk.unique() + ",\"qiSmallestK\":" + risk.smallestGroup() + "}")
                                        .getBytes(StandardCharsets.UTF_8),
                                "application/json", settings.deidKmsKeyId(), Map.of()))
                        .thenAccept(done2 -> LOG.infof("de-identified %s: %d records, %d unique on quasi-identifiers, k=%d",
                                ingested.ingestId(), records.size(), risk.unique(), risk.smallestGroup()));
            });
        });
    }

    private CompletionStage<Written> deidentifyRecord(EnvelopeCipher cipher, RecordsIngested ingested,
            RecordsIngested.IngestedRecord record, String correlationId) {
        ObjectRef raw = record.object();
        Map<String, String> context = Map.of("bucket", raw.bucket(), "key", raw.key(), "source",
                ingested.file().source());
        return store.get(raw.bucket(), raw.key())
                .thenCompose(sealed -> cipher.open(sealed, context))
                .thenCompose(plaintext -> {
                    PatientDeidentifier.Result result;
                    try {
                        result = deidentifier.deidentify(JSON.readTree(plaintext));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("raw record " + record.recordId() + " is not readable JSON");
                    }
                    StringBuilder ndjson = new StringBuilder();
                    for (ObjectNode resource : result.resources()) {
                        ndjson.append(resource).append('\n');
                    }
                    ObjectRef output = new ObjectRef(settings.deidBucket(), DeidZone.keyFor(raw.key()));
                    return store.put(output.bucket(), output.key(), ndjson.toString().getBytes(StandardCharsets.UTF_8),
                            "application/fhir+ndjson", settings.deidKmsKeyId(),
                            Map.of("policy-version", policyVersion, "key-version", keyVersion))
                            .thenCompose(written -> events.audit("audit-deidentify-" + record.recordId(),
                                    correlationId, new AuditEvent(events.functionName(), "DEIDENTIFY", "success",
                                            "HOPERAT", result.patient(), List.of(raw, output), null,
                                            policyVersion, keyVersion, auditDetails(result), events.now())))
                            .thenApply(audited -> new Written(new RecordsDeidentified.DeidentifiedRecord(
                                    record.recordId(), result.patient(), result.encounters(), output,
                                    result.resources().size()), result.quasiIdentifiers()));
                });
    }

    /** Counts only: resources written and dropped, and elements touched per kind of operation. */
    private static Map<String, String> auditDetails(PatientDeidentifier.Result result) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("resources", String.valueOf(result.resources().size()));
        details.put("droppedResources", String.valueOf(result.dropped()));
        for (SecurityLabel label : SecurityLabel.values()) {
            details.put("ops" + label.name().charAt(0) + label.name().substring(1).toLowerCase(java.util.Locale.ROOT),
                    String.valueOf(result.operations().getOrDefault(label, 0)));
        }
        return Map.copyOf(details);
    }
}
