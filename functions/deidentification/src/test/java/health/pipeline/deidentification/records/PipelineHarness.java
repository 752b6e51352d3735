package health.pipeline.deidentification.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.contracts.SourceFile;
import health.pipeline.deidentification.Fixtures;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.memory.InMemoryKeyService;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.RecordingEventPublisher;

/** The deidentification core on in-memory ports, with raw records sealed the way ingestion seals them. */
public final class PipelineHarness {
    public static final String RAW = "raw";
    public static final String DEID = "deid";
    public final InMemoryObjectStore store = new InMemoryObjectStore();
    public final InMemoryKeyService keys = new InMemoryKeyService();
    public final EnvelopeCipher cipher = new EnvelopeCipher(keys);
    public final RecordingEventPublisher publisher = new RecordingEventPublisher();
    public final EventEmitter events = new EventEmitter(publisher, "deidentification", Fixtures.CLOCK);
    public final List<String> metricLines = new ArrayList<>();
    public final RecordDeidentification deidentification = new RecordDeidentification(store, keys, Fixtures.safeHarbor(),
            events, new DeidentificationSettings(DEID, "alias/deid"), "k-test", metricLines::add);

    /**
     * Seals every patient record of the sample files into the raw zone and returns the RecordsIngested event. As
     * ingestion does by default (source-scoped data keys, ADR 0012), one data key bound to bucket and source seals
     * them all; each object stays bound to its own key by its header.
     */
    public RecordsIngested ingest(String ingestId, String source, java.nio.file.Path... files) {
        List<RecordsIngested.IngestedRecord> records = new ArrayList<>();
        java.util.Map<String, String> keyContext = java.util.Map.of("bucket", RAW, "source", source);
        KeyService.DataKey dataKey = keys.generateDataKey("alias/raw", keyContext).toCompletableFuture().join();
        int number = 0;
        for (java.nio.file.Path file : files) {
            for (PatientRecords.PatientRecord record : Fixtures.records(file)) {
                number++;
                String key = "records/" + source + "/" + ingestId + "/" + number + ".fhir.json.enc";
                byte[] sealed = EnvelopeCipher.seal(dataKey, keyContext,
                        java.util.Map.of("bucket", RAW, "key", key, "source", source),
                        record.bundle().toString().getBytes(StandardCharsets.UTF_8));
                store.put(RAW, key, sealed, "application/octet-stream", "alias/raw", java.util.Map.of())
                        .toCompletableFuture().join();
                records.add(new RecordsIngested.IngestedRecord(ingestId + "-" + number, new ObjectRef(RAW, key),
                        record.resourceCount()));
            }
        }
        dataKey.wipe();
        return new RecordsIngested(ingestId, new SourceFile("landing", "l-" + "0".repeat(24), "etag", 1L, source,
                "fhir-r4-bundle"), records, "alias/raw");
    }

    public List<AuditEvent> audits() {
        return publisher.on(EventEmitter.AUDIT_CHANNEL).stream()
                .map(p -> EventCodec.decode(p.event(), AuditEvent.class).data()).toList();
    }

    public RecordsDeidentified deidentified() {
        return EventCodec.decode(publisher.on(RecordDeidentification.SCORING_CHANNEL).get(0).event(),
                RecordsDeidentified.class).data();
    }
}
