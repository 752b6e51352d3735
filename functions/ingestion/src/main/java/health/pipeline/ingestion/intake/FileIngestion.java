package health.pipeline.ingestion.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.EventTypes;
import health.pipeline.contracts.IngestRejected;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.ReasonCode;
import health.pipeline.contracts.RecordsIngested;
import health.pipeline.contracts.SourceFile;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;

/**
 * Ingests one landed file: reads it, splits it into canonical patient records, envelope-encrypts each into the raw
 * zone, and announces them. A file that cannot be read goes to quarantine with a reason instead.
 *
 * <p>Idempotent: a completion marker keyed by the content's SHA-256 is written last; a file whose marker exists is
 * acknowledged without any output, so a re-sent file or a redelivered notification adds nothing. Event ids derive
 * from the content hash, so a retry after a partial failure re-sends the same ids and consumers drop them.
 */
public final class FileIngestion {
    static final String DEIDENTIFY_CHANNEL = "deidentify-queue";
    static final String REJECTIONS_CHANNEL = "ingest-rejections";
    private static final Logger LOG = Logger.getLogger(FileIngestion.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_SOURCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String FORMAT_BUNDLE = "fhir-r4-bundle";

    private final ObjectStore store;
    private final EnvelopeCipher cipher;
    private final EventEmitter events;
    private final IngestionSettings settings;

    public FileIngestion(ObjectStore store, EnvelopeCipher cipher, EventEmitter events, IngestionSettings settings) {
        this.store = store;
        this.cipher = cipher;
        this.events = events;
        this.settings = settings;
    }

    /** Completes when the file is fully ingested or quarantined; fails (to be retried) on an outage. */
    public CompletionStage<Outcome> ingest(ObjectCreated object) {
        if (object.size() > settings.maxObjectBytes()) {
            // Not even read: copying it would cost as much as ingesting it. The reason object says why.
            return quarantineUnread(object, new Rejection(ReasonCode.OBJECT_TOO_LARGE,
                    "object exceeds the maximum size of " + settings.maxObjectBytes() + " bytes"));
        }
        return store.get(object.bucket(), object.key()).thenCompose(content -> {
            String sha256 = Hashes.sha256Hex(content);
            String marker = "ingested/" + sha256 + ".json";
            return store.exists(settings.rawBucket(), marker).thenCompose(done -> {
                if (done) {
                    LOG.infof("file %s already ingested; nothing to do", ingestIdOf(sha256));
                    return CompletableFuture.completedFuture(Outcome.DUPLICATE);
                }
                return process(object, content, sha256)
                        .thenCompose(outcome -> store.put(settings.rawBucket(), marker,
                                ("{\"ingestId\":\"" + ingestIdOf(sha256) + "\",\"outcome\":\"" + outcome + "\"}")
                                        .getBytes(StandardCharsets.UTF_8),
                                "application/json", settings.rawKmsKeyId(), Map.of())
                                .thenApply(ignored -> outcome));
            });
        });
    }

    public enum Outcome {
        INGESTED, QUARANTINED, DUPLICATE
    }

    /** The key id part of a KMS key ARN (or the id or alias itself), for audit details. */
    static String keyIdOf(String kmsKey) {
        return kmsKey.substring(kmsKey.lastIndexOf('/') + 1);
    }

    static String ingestIdOf(String sha256) {
        return "i-" + sha256.substring(0, 24);
    }

    private CompletionStage<Outcome> process(ObjectCreated object, byte[] content, String sha256) {
        String ingestId = ingestIdOf(sha256);
        String source = sourceOf(object.key());
        SourceFile file = new SourceFile(object.bucket(), Hashes.sha256Hex(object.key()), object.etag(),
                content.length, source, FORMAT_BUNDLE);
        List<PatientRecords.PatientRecord> records;
        try {
            checkKey(object.key());
            records = parseBundle(content);
        } catch (Rejection rejection) {
            return quarantine(object, content, ingestId, file, rejection).thenApply(ignored -> Outcome.QUARANTINED);
        }
        List<CompletableFuture<RecordsIngested.IngestedRecord>> written = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            written.add(writeRecord(ingestId, source, i + 1, records.get(i)).toCompletableFuture());
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            List<RecordsIngested.IngestedRecord> ingested = written.stream().map(CompletableFuture::join).toList();
            RecordsIngested event = new RecordsIngested(ingestId, file, ingested, settings.rawKmsKeyId());
            return events.emit(DEIDENTIFY_CHANNEL, EventTypes.RECORDS_INGESTED, "ingested-" + ingestId, ingestId,
                    ingestId, event, Map.of("source", source))
                    .thenCompose(done -> events.audit("audit-ingest-" + ingestId, ingestId, new AuditEvent(
                            events.functionName(), "INGEST", "success", "HOPERAT", null,
                            ingested.stream().map(RecordsIngested.IngestedRecord::object).toList(), null, null,
                            null, Map.of("records", String.valueOf(ingested.size()), "format", FORMAT_BUNDLE,
                                    "source", source, "kmsKey", keyIdOf(settings.rawKmsKeyId())),
                            events.now())))
                    .thenApply(done -> {
                        LOG.infof("ingested %s: %d patient records", ingestId, ingested.size());
                        return Outcome.INGESTED;
                    });
        });
    }

    private CompletionStage<RecordsIngested.IngestedRecord> writeRecord(String ingestId, String source, int number,
            PatientRecords.PatientRecord record) {
        String key = "records/" + source + "/" + ingestId + "/" + number + ".fhir.json.enc";
        Map<String, String> context = encryptionContext(settings.rawBucket(), key, source);
        byte[] plaintext = record.bundle().toString().getBytes(StandardCharsets.UTF_8);
        return cipher.seal(settings.rawKmsKeyId(), context, plaintext)
                .thenCompose(sealed -> store.put(settings.rawBucket(), key, sealed, "application/octet-stream",
                        settings.rawKmsKeyId(), Map.of("ingest-id", ingestId)))
                .thenApply(ignored -> new RecordsIngested.IngestedRecord(ingestId + "-" + number,
                        new ObjectRef(settings.rawBucket(), key), record.resourceCount()));
    }

    /** The encryption context of a raw record: KMS refuses the data key for any other bucket, key or source. */
    public static Map<String, String> encryptionContext(String bucket, String key, String source) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("bucket", bucket);
        context.put("key", key);
        context.put("source", source);
        return context;
    }

    static List<PatientRecords.PatientRecord> parseBundle(byte[] content) throws Rejection {
        if (content.length == 0) {
            throw new Rejection(ReasonCode.EMPTY_FILE, "the file is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
            throw new Rejection(ReasonCode.MALFORMED_JSON, "the file is not well-formed JSON", line);
        } catch (java.io.IOException e) {
            throw new Rejection(ReasonCode.MALFORMED_JSON, "the file is not readable JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "the file is not a JSON object");
        }
        if (!"Bundle".equals(root.path("resourceType").asText())) {
            throw new Rejection(ReasonCode.NOT_A_BUNDLE, "the JSON resource is not a FHIR Bundle");
        }
        for (JsonNode entry : root.path("entry")) {
            if (!entry.path("resource").path("resourceType").isTextual()) {
                throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "a bundle entry has no resource.resourceType");
            }
        }
        List<PatientRecords.PatientRecord> records = PatientRecords.split(root);
        if (records.isEmpty()) {
            throw new Rejection(ReasonCode.NO_PATIENT, "the bundle contains no Patient resource");
        }
        return records;
    }

    static void checkKey(String key) throws Rejection {
        for (char c : key.toCharArray()) {
            if (Character.isISOControl(c)) {
                throw new Rejection(ReasonCode.INVALID_KEY, "the object key contains control characters");
            }
        }
        for (String segment : key.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new Rejection(ReasonCode.INVALID_KEY, "the object key contains a relative path segment");
            }
        }
    }

    static String sourceOf(String key) {
        int slash = key.indexOf('/');
        String first = slash > 0 ? key.substring(0, slash) : "";
        return SAFE_SOURCE.matcher(first).matches() && !first.equals("..") ? first : "unknown";
    }

    /** A key safe to write in the quarantine zone: no control characters or relative segments, same shape. */
    static String quarantineKey(String key) {
        StringBuilder safe = new StringBuilder();
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                continue;
            }
            if (!safe.isEmpty()) {
                safe.append('/');
            }
            segment.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        }
        return safe.isEmpty() ? "unnamed" : safe.toString();
    }

    private CompletionStage<Outcome> quarantineUnread(ObjectCreated object, Rejection rejection) {
        SourceFile file = new SourceFile(object.bucket(), Hashes.sha256Hex(object.key()), object.etag(),
                object.size(), sourceOf(object.key()), "unknown");
        String ingestId = "i-" + Hashes.sha256Hex(object.bucket() + "/" + object.key() + "@" + object.etag())
                .substring(0, 24);
        return writeReasonAndAnnounce(object, ingestId, file, rejection).thenApply(ignored -> Outcome.QUARANTINED);
    }

    private CompletionStage<Void> quarantine(ObjectCreated object, byte[] content, String ingestId, SourceFile file,
            Rejection rejection) {
        // The quarantined copy may hold PHI: it is encrypted at rest with the raw-data key like the raw zone.
        return store.put(settings.quarantineBucket(), quarantineKey(object.key()), content, "application/octet-stream",
                settings.rawKmsKeyId(), Map.of("ingest-id", ingestId))
                .thenCompose(ignored -> writeReasonAndAnnounce(object, ingestId, file, rejection));
    }

    private CompletionStage<Void> writeReasonAndAnnounce(ObjectCreated object, String ingestId, SourceFile file,
            Rejection rejection) {
        String key = quarantineKey(object.key());
        var reasonNode = JSON.createObjectNode().put("code", rejection.code.name()).put("message", rejection.getMessage());
        if (rejection.line != null) {
            reasonNode.put("line", rejection.line);
        }
        reasonNode.put("ingestId", ingestId);
        var reason = new IngestRejected.Reason(rejection.code.name(), rejection.getMessage(), rejection.line);
        ObjectRef quarantined = new ObjectRef(settings.quarantineBucket(), key);
        return store.put(settings.quarantineBucket(), key + ".reason.json",
                reasonNode.toString().getBytes(StandardCharsets.UTF_8), "application/json", settings.rawKmsKeyId(),
                Map.of())
                .thenCompose(ignored -> events.emit(REJECTIONS_CHANNEL, EventTypes.INGEST_REJECTED,
                        "rejected-" + ingestId, ingestId, ingestId,
                        new IngestRejected(ingestId, file, reason, quarantined),
                        Map.of("source", file.source(), "code", rejection.code.name())))
                .thenCompose(ignored -> events.audit("audit-quarantine-" + ingestId, ingestId, new AuditEvent(
                        events.functionName(), "QUARANTINE", "failure", "HOPERAT", null, List.of(quarantined), null,
                        null, null, Map.of("reason", rejection.code.name(), "source", file.source()), events.now())))
                .thenAccept(ignored -> LOG.warnf("quarantined %s: %s", ingestId, rejection.code));
    }
}
