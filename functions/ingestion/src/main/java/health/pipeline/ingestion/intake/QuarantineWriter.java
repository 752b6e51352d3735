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
 * Puts what cannot be ingested into the quarantine zone under {@code <source>/<ingest id>/file} (a whole file) or
 * {@code <source>/<ingest id>/line-<n>} (one NDJSON line or HL7 message), with a sibling {@code .reason.json} holding
 * {@code code}, {@code message}, {@code line} and the way back to the landed file; then emits IngestRejected and an
 * audit entry. The landing key is PHI (docs/adr/0070-landing-keys-are-phi.md): it never names the copy and is
 * written only into the reason object, which, like the copy, is encrypted with SSE-KMS under the raw-data key, so
 * only the roles that may read landing data can read it.
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
     * @param ingestId the file's ingest id; a part's rejection id adds {@code -L<line>}
     * @param partLine the line of a rejected part, or null when the whole file is quarantined
     * @param content  the rejected bytes, or null when they are not copied (too large to hold, or never read)
     */
    void quarantine(ObjectCreated landed, String ingestId, Integer partLine, byte[] content, SourceFile file,
            Rejection rejection) {
        String rejectionId = partLine == null ? ingestId : ingestId + "-L" + partLine;
        String key = file.source() + "/" + ingestId + "/" + (partLine == null ? "file" : "line-" + partLine);
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
        reason.putObject("landed").put("bucket", landed.bucket()).put("key", landed.key())
                .put("versionId", landed.versionId()).put("etag", landed.etag()).put("keyRef", file.keyRef());
        store.put(settings.quarantineBucket(), key + ".reason.json",
                reason.toString().getBytes(StandardCharsets.UTF_8), "application/json", settings.rawKmsKeyId(),
                Map.of()).toCompletableFuture().join();
        ObjectRef quarantined = new ObjectRef(settings.quarantineBucket(), key);
        events.emit(REJECTIONS_CHANNEL, EventTypes.INGEST_REJECTED, "rejected-" + rejectionId, rejectionId, ingestId,
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
