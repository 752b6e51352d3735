package health.pipeline.deidentification.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.deidentification.policy.PatientDeidentifier;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.ObjectStore;

/**
 * De-identifies the records of one ingested file: decrypts each raw record (KMS checks the encryption context),
 * applies the de-identification policy and writes FHIR R4 NDJSON into the deid zone, then announces them.
 *
 * <p>Idempotent: a completion marker per ingest id is written last; event ids derive from the ingest id.
 */
public final class RecordDeidentification {
    static final String SCORING_CHANNEL = "scoring-queue";
    private static final Logger LOG = Logger.getLogger(RecordDeidentification.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final EnvelopeCipher cipher;
    private final PatientDeidentifier deidentifier;
    private final EventEmitter events;
    private final DeidentificationSettings settings;
    private final String keyVersion;

    public RecordDeidentification(ObjectStore store, EnvelopeCipher cipher, PatientDeidentifier deidentifier,
            EventEmitter events, DeidentificationSettings settings, String keyVersion) {
        this.store = store;
        this.cipher = cipher;
        this.deidentifier = deidentifier;
        this.events = events;
        this.settings = settings;
        this.keyVersion = keyVersion;
    }

    public CompletionStage<Void> deidentify(RecordsIngested ingested, String correlationId) {
        String marker = "deidentified/" + ingested.ingestId() + ".json";
        return store.exists(settings.deidBucket(), marker).thenCompose(done -> {
            if (done) {
                LOG.infof("ingest %s already de-identified; nothing to do", ingested.ingestId());
                return CompletableFuture.completedFuture(null);
            }
            List<CompletableFuture<RecordsDeidentified.DeidentifiedRecord>> results = new ArrayList<>();
            for (RecordsIngested.IngestedRecord record : ingested.records()) {
                results.add(deidentifyRecord(ingested, record, correlationId).toCompletableFuture());
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
                List<RecordsDeidentified.DeidentifiedRecord> records = results.stream().map(CompletableFuture::join)
                        .toList();
                var event = new RecordsDeidentified(ingested.ingestId(), ingested.file().source(), records,
                        settings.policyVersion(), keyVersion);
                return events.emit(SCORING_CHANNEL, EventTypes.RECORDS_DEIDENTIFIED,
                        "deidentified-" + ingested.ingestId(), ingested.ingestId(), correlationId, event,
                        Map.of("source", ingested.file().source()))
                        .thenCompose(sent -> store.put(settings.deidBucket(), marker,
                                ("{\"ingestId\":\"" + ingested.ingestId() + "\",\"records\":" + records.size() + "}")
                                        .getBytes(StandardCharsets.UTF_8),
                                "application/json", settings.deidKmsKeyId(), Map.of()))
                        .thenAccept(written -> LOG.infof("de-identified %s: %d records", ingested.ingestId(),
                                records.size()));
            });
        });
    }

    private CompletionStage<RecordsDeidentified.DeidentifiedRecord> deidentifyRecord(RecordsIngested ingested,
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
                    String key = raw.key().replaceFirst("^records/", "records/").replace(".fhir.json.enc", ".ndjson");
                    ObjectRef output = new ObjectRef(settings.deidBucket(), key);
                    return store.put(output.bucket(), output.key(), ndjson.toString().getBytes(StandardCharsets.UTF_8),
                            "application/fhir+ndjson", settings.deidKmsKeyId(),
                            Map.of("policy-version", settings.policyVersion(), "key-version", keyVersion))
                            .thenCompose(written -> events.audit("audit-deidentify-" + record.recordId(),
                                    correlationId, new AuditEvent(events.functionName(), "DEIDENTIFY", "success",
                                            "HOPERAT", result.patient(), List.of(raw, output), null,
                                            settings.policyVersion(), keyVersion,
                                            Map.of("resources", String.valueOf(result.resources().size()),
                                                    "droppedResources", String.valueOf(result.dropped())),
                                            events.now())))
                            .thenApply(audited -> new RecordsDeidentified.DeidentifiedRecord(record.recordId(),
                                    result.patient(), result.encounters(), output, result.resources().size()));
                });
    }
}
