package health.pipeline.ingestion.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.contracts.SourceFile;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.fhir.SerializedRecord;
import health.pipeline.ingestion.keys.RecordSealer;
import health.pipeline.model.ports.ObjectStore;

/**
 * Writes a file's canonical patient records to the raw zone in chunks: every {@code recordsPerChunk} records are
 * sealed (all of them before the first put, so a KMS failure writes nothing of the chunk), put, announced with one
 * RecordsIngested on the deidentify queue and one audit entry. A chunk's ingest id is {@code <file ingest id>-<n>}
 * (downstream completion markers are per ingest id); keys and event ids are deterministic, so a retry rewrites the
 * same objects and re-sends the same event ids.
 */
final class RawZoneWriter {
    static final String DEIDENTIFY_CHANNEL = "deidentify-queue";

    private final ObjectStore store;
    private final RecordSealer sealer;
    private final EventEmitter events;
    private final IngestionSettings settings;
    private final String fileIngestId;
    private final String source;
    private final SourceFile file;
    private final List<SerializedRecord> pending = new ArrayList<>();
    private int recordNumber;
    private int chunkNumber;
    private int written;
    private int unlinkedResources;

    RawZoneWriter(ObjectStore store, RecordSealer sealer, EventEmitter events, IngestionSettings settings,
            String fileIngestId, String source, SourceFile file) {
        this.store = store;
        this.sealer = sealer;
        this.events = events;
        this.settings = settings;
        this.fileIngestId = fileIngestId;
        this.source = source;
        this.file = file;
    }

    void add(List<SerializedRecord> records) {
        for (SerializedRecord record : records) {
            pending.add(record);
            if (pending.size() >= settings.limits().recordsPerChunk()) {
                flush();
            }
        }
    }

    void countUnlinked(int resources) {
        unlinkedResources += resources;
    }

    int written() {
        return written;
    }

    /** Writes and announces the pending records; blocks until the broker accepted the event. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String chunkIngestId = fileIngestId + "-" + ++chunkNumber;
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<byte[]>> sealed = new ArrayList<>();
        for (SerializedRecord record : pending) {
            String key = "records/" + source + "/" + fileIngestId + "/" + ++recordNumber + ".fhir.json.enc";
            keys.add(key);
            sealed.add(sealer.seal(settings.rawKmsKeyId(), encryptionContext(settings.rawBucket(), key, source),
                    record.json()).toCompletableFuture());
        }
        CompletableFuture.allOf(sealed.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        List<RecordsIngested.IngestedRecord> ingested = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            puts.add(store.put(settings.rawBucket(), keys.get(i), sealed.get(i).join(), "application/octet-stream",
                    settings.rawKmsKeyId(), Map.of("ingest-id", chunkIngestId)).toCompletableFuture());
            ingested.add(new RecordsIngested.IngestedRecord(fileIngestId + "-r" + (recordNumber - keys.size() + i + 1),
                    new ObjectRef(settings.rawBucket(), keys.get(i)), pending.get(i).resourceCount()));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        events.emit(DEIDENTIFY_CHANNEL, EventTypes.RECORDS_INGESTED, "ingested-" + chunkIngestId, chunkIngestId,
                fileIngestId, new RecordsIngested(chunkIngestId, file, ingested, settings.rawKmsKeyId()),
                Map.of("source", source)).toCompletableFuture().join();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("records", String.valueOf(ingested.size()));
        details.put("format", file.format());
        details.put("source", source);
        details.put("chunk", String.valueOf(chunkNumber));
        details.put("kmsKey", keyIdOf(settings.rawKmsKeyId()));
        if (unlinkedResources > 0) {
            details.put("unlinkedResources", String.valueOf(unlinkedResources));
        }
        events.audit("audit-ingest-" + chunkIngestId, fileIngestId, new AuditEvent(events.functionName(), "INGEST",
                "success", "HOPERAT", null, ingested.stream().map(RecordsIngested.IngestedRecord::object).toList(),
                null, null, null, details, events.now())).toCompletableFuture().join();
        written += ingested.size();
        pending.clear();
    }

    /** The encryption context of a raw record: KMS and the reader refuse it for any other bucket, key or source. */
    static Map<String, String> encryptionContext(String bucket, String key, String source) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("bucket", bucket);
        context.put("key", key);
        context.put("source", source);
        return context;
    }

    /** The key id part of a KMS key ARN (or the id or alias itself), for audit details. */
    static String keyIdOf(String kmsKey) {
        return kmsKey.substring(kmsKey.lastIndexOf('/') + 1);
    }
}
