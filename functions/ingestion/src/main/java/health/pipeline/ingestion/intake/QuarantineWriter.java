package health.pipeline.ingestion.intake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.IngestRejected;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.SourceFile;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.model.ports.ObjectStore;

/**
 * Puts what cannot be ingested into the quarantine zone under the sanitised original key (a whole file) or
 * {@code <key>.line-<n>} (one NDJSON line or HL7 message), with a sibling {@code .reason.json} holding {@code code},
 * {@code message} and {@code line}; then emits IngestRejected and an audit entry. The copy may hold PHI, so it is
 * written with SSE-KMS under the raw-data key, like the raw zone.
 */
final class QuarantineWriter {
    static final String REJECTIONS_CHANNEL = "ingest-rejections";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final EventEmitter events;
    private final IngestionSettings settings;

    QuarantineWriter(ObjectStore store, EventEmitter events, IngestionSettings settings) {
        this.store = store;
        this.events = events;
        this.settings = settings;
    }

    /**
     * @param content the rejected bytes, or null when they are not copied (too large to hold, or never read)
     * @param rejectionId deterministic id of this rejection (file ingest id, plus the line for a part)
     */
    void quarantine(String landingKey, Integer partLine, byte[] content, String rejectionId, SourceFile file,
            Rejection rejection) {
        String key = LandingKeys.sanitise(landingKey) + (partLine == null ? "" : ".line-" + partLine);
        if (content != null) {
            store.put(settings.quarantineBucket(), key, content, "application/octet-stream", settings.rawKmsKeyId(),
                    Map.of("ingest-id", rejectionId)).toCompletableFuture().join();
        }
        ObjectNode reason = JSON.createObjectNode().put("code", rejection.code().name())
                .put("message", rejection.getMessage());
        if (rejection.line() != null) {
            reason.put("line", rejection.line());
        }
        reason.put("ingestId", rejectionId);
        reason.put("contentCopied", content != null);
        store.put(settings.quarantineBucket(), key + ".reason.json",
                reason.toString().getBytes(StandardCharsets.UTF_8), "application/json", settings.rawKmsKeyId(),
                Map.of()).toCompletableFuture().join();
        ObjectRef quarantined = new ObjectRef(settings.quarantineBucket(), key);
        events.emit(REJECTIONS_CHANNEL, EventTypes.INGEST_REJECTED, "rejected-" + rejectionId, rejectionId,
                rejectionId.replaceFirst("-L\\d+$", ""),
                new IngestRejected(rejectionId, file,
                        new IngestRejected.Reason(rejection.code().name(), rejection.getMessage(), rejection.line()),
                        quarantined),
                Map.of("source", file.source(), "code", rejection.code().name())).toCompletableFuture().join();
        events.audit("audit-quarantine-" + rejectionId, rejectionId, new AuditEvent(events.functionName(),
                "QUARANTINE", "failure", "HOPERAT", null, List.of(quarantined), null, null, null,
                Map.of("reason", rejection.code().name(), "source", file.source()), events.now()))
                .toCompletableFuture().join();
    }
}
