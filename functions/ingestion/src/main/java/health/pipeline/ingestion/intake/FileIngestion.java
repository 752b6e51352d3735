package health.pipeline.ingestion.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ReasonCode;
import health.pipeline.contracts.SourceFile;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.fhir.BundleReader;
import health.pipeline.ingestion.fhir.FhirJson;
import health.pipeline.ingestion.fhir.PatientGrouping;
import health.pipeline.ingestion.fhir.ResourceValidator;
import health.pipeline.ingestion.fhir.SerializedRecord;
import health.pipeline.ingestion.formats.BoundedInput;
import health.pipeline.ingestion.formats.Format;
import health.pipeline.ingestion.formats.FormatDetector;
import health.pipeline.ingestion.formats.LineReader;
import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.ingestion.hl7.Hl7MessageSplitter;
import health.pipeline.ingestion.hl7.Hl7ToFhir;
import health.pipeline.ingestion.keys.RecordSealer;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;

/**
 * Ingests one landed file, streamed: detects its format from its content, turns it into canonical patient records
 * (see shared-model's {@code health.pipeline.model.record}), seals them into the raw zone chunk by chunk and announces
 * each chunk. A bad NDJSON line or HL7 message goes to quarantine with its line number while the rest goes on; a file
 * that cannot be read at all goes to quarantine whole.
 *
 * <p>Idempotent at two levels (docs/adr/0013-ingestion-idempotency.md): a marker per object version
 * ({@code ingested/objects/<reference of bucket, key, version id and ETag>.json}) makes a redelivered notification a
 * no-op while an overwritten file is a new version; a marker per content hash ({@code ingested/<sha256>.json}) makes
 * the same bytes under another key a recorded duplicate. Both are written last; the object marker, in the raw zone
 * where PHI may live, is also the way from a file's reference back to its landing key. Reads twice (hash, then
 * parse) to stay within bounded memory, both times the version the notification named (docs/adr/0071).
 *
 * <p>The landing key is PHI (docs/adr/0070-landing-keys-are-phi.md): nothing this class writes, logs or emits names
 * it, only its {@link LandingReferences}.
 *
 * <p>Blocking by design: one Lambda invocation handles one message, and pulling the object stream at the pace of the
 * raw-zone writes is what bounds memory (docs/adr/0010-streaming-ingestion.md).
 */
public final class FileIngestion {
    private static final Logger LOG = Logger.getLogger(FileIngestion.class);
    private static final ObjectMapper MARKERS = new ObjectMapper();

    private final ObjectStore store;
    private final ObjectSource source;
    private final RecordSealer sealer;
    private final EventEmitter events;
    private final IngestionSettings settings;
    private final LandingReferences references;
    private final Limits limits;
    private final FhirJson json;
    private final BundleReader bundles;
    private final ResourceValidator validator = new ResourceValidator();
    private final Hl7ToFhir hl7 = new Hl7ToFhir();
    private final QuarantineWriter quarantine;

    public FileIngestion(ObjectStore store, ObjectSource source, RecordSealer sealer, EventEmitter events,
            IngestionSettings settings, LandingReferences references) {
        this.store = store;
        this.references = references;
        this.source = source;
        this.sealer = sealer;
        this.events = events;
        this.settings = settings;
        this.limits = settings.limits();
        this.json = new FhirJson(limits);
        this.bundles = new BundleReader(json);
        this.quarantine = new QuarantineWriter(store, events, settings);
    }

    public enum Outcome {
        INGESTED, PARTIALLY_QUARANTINED, QUARANTINED, DUPLICATE
    }

    /** Completes when the file is ingested or quarantined; fails (to be retried) on an outage, writing no marker. */
    public CompletionStage<Outcome> ingest(ObjectCreated object) {
        try {
            return CompletableFuture.completedFuture(ingestBlocking(object));
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Outcome ingestBlocking(ObjectCreated object) {
        String objectMarker = "ingested/objects/" + references.version(object) + ".json";
        if (join(store.exists(settings.rawBucket(), objectMarker))) {
            LOG.infof("object %s already handled; nothing to do", objectMarker);
            return Outcome.DUPLICATE;
        }
        Landed landed = new Landed(object, references.file(object.bucket(), object.key()),
                references.source(object.key()));
        String unreadId = "i-" + Hashes.sha256Hex(objectMarker).substring(0, 24);
        try {
            LandingKeys.check(object.key());
        } catch (Rejection rejection) {
            quarantine.quarantine(object, unreadId, null, null, sourceFile(landed, Format.UNKNOWN, false), rejection);
            return finish(landed, objectMarker, null, unreadId, Outcome.QUARANTINED);
        }
        if (object.size() > limits.maxObjectBytes()) {
            // Not even read: copying it would cost as much as ingesting it. The landing object stays where it is.
            quarantine.quarantine(object, unreadId, null, null, sourceFile(landed, Format.UNKNOWN, false),
                    new Rejection(ReasonCode.OBJECT_TOO_LARGE,
                            "the object is larger than " + limits.maxObjectBytes() + " bytes"));
            return finish(landed, objectMarker, null, unreadId, Outcome.QUARANTINED);
        }
        String sha256 = contentHash(landed);
        String ingestId = "i-" + sha256.substring(0, 24);
        String contentMarker = "ingested/" + sha256 + ".json";
        if (join(store.exists(settings.rawBucket(), contentMarker))) {
            recordDuplicate(landed, objectMarker, ingestId);
            return finish(landed, objectMarker, null, ingestId, Outcome.DUPLICATE);
        }
        Outcome outcome = process(landed, ingestId);
        return finish(landed, objectMarker, contentMarker, ingestId, outcome);
    }

    /** A landed object with its opaque references: what everything below names it by. */
    private record Landed(ObjectCreated object, String keyRef, String source) {
    }

    private Outcome finish(Landed landed, String objectMarker, String contentMarker, String ingestId, Outcome outcome) {
        ObjectNode marker = MARKERS.createObjectNode().put("ingestId", ingestId).put("outcome", outcome.name());
        if (contentMarker != null) {
            join(store.put(settings.rawBucket(), contentMarker, bytes(marker), "application/json",
                    settings.rawKmsKeyId(), Map.of()));
        }
        // The way back from the reference to the landing key: envelope-encrypted under the raw key like a raw record
        // (not just SSE-KMS at rest), so that nothing outside the landing and quarantine zones holds the key in clear.
        ObjectNode way = MARKERS.createObjectNode().put("bucket", landed.object().bucket())
                .put("key", landed.object().key()).put("versionId", landed.object().versionId())
                .put("etag", landed.object().etag());
        byte[] sealed = join(sealer.seal(settings.rawKmsKeyId(),
                RawZoneWriter.encryptionContext(settings.rawBucket(), objectMarker, landed.source()), bytes(way)));
        marker.put("keyRef", landed.keyRef()).put("source", landed.source())
                .put("landedSealed", Base64.getEncoder().encodeToString(sealed));
        join(store.put(settings.rawBucket(), objectMarker, bytes(marker), "application/json", settings.rawKmsKeyId(),
                Map.of()));
        return outcome;
    }

    private static byte[] bytes(ObjectNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void recordDuplicate(Landed landed, String objectMarker, String ingestId) {
        String duplicateId = "d-" + Hashes.sha256Hex(objectMarker).substring(0, 24);
        LOG.infof("content of %s was ingested before as %s; recorded as a duplicate", duplicateId, ingestId);
        join(events.audit("audit-duplicate-" + duplicateId, ingestId, new AuditEvent(events.functionName(),
                "INGEST_DUPLICATE", "success", "HOPERAT", null, List.of(), null, null, null,
                Map.of("duplicateOf", ingestId, "source", landed.source()), events.now())));
    }

    /** The version the notification named, from its first byte; a missing object is named by its reference only. */
    private InputStream open(Landed landed) throws IOException {
        ObjectCreated object = landed.object();
        try {
            return source.open(object.bucket(), object.key(), object.versionId());
        } catch (ObjectStore.NotFound e) {
            throw new ObjectStore.NotFound(object.bucket(), landed.keyRef());
        }
    }

    private String contentHash(Landed landed) {
        try (InputStream in = new BoundedInput.Counting(open(landed),
                limits.maxObjectBytes(), ReasonCode.OBJECT_TOO_LARGE, sha256())) {
            BoundedInput.Counting counting = (BoundedInput.Counting) in;
            byte[] buffer = new byte[64 * 1024];
            while (counting.read(buffer, 0, buffer.length) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(counting.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("landing object could not be read", e);
        }
    }

    private Outcome process(Landed landed, String ingestId) {
        ObjectCreated object = landed.object();
        boolean gzip = false;
        Format format = Format.UNKNOWN;
        RawZoneWriter writer = null;
        int rejectedParts = 0;
        try (InputStream raw = open(landed)) {
            BoundedInput.Counting counted = new BoundedInput.Counting(raw, limits.maxObjectBytes(),
                    ReasonCode.OBJECT_TOO_LARGE, null);
            BufferedInputStream in = BoundedInput.buffered(counted);
            gzip = FormatDetector.isGzip(in);
            if (gzip) {
                in = BoundedInput.buffered(BoundedInput.gunzip(in, counted, limits));
            }
            format = FormatDetector.detect(in);
            SourceFile file = sourceFile(landed, format, gzip);
            writer = new RawZoneWriter(store, sealer, events, settings, ingestId, landed.source(), file);
            rejectedParts = switch (format) {
                case FHIR_BUNDLE -> readBundle(in, writer);
                case FHIR_NDJSON -> readNdjson(in, writer, object, ingestId, file);
                case HL7V2 -> readHl7(in, writer, object, ingestId, file);
                case UNKNOWN -> throw new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "the format is not recognised");
            };
            writer.flush();
            if (writer.written() == 0 && rejectedParts == 0) {
                throw new Rejection(ReasonCode.NO_PATIENT, "the file holds no patient record");
            }
        } catch (Rejection rejection) {
            return quarantineWhole(landed, ingestId, format, gzip, rejection);
        } catch (Rejection.LimitExceeded limit) {
            if (writer != null) {
                writer.flush();
            }
            return quarantineWhole(landed, ingestId, format, gzip, limit.rejection());
        } catch (IOException e) {
            throw new UncheckedIOException("landing object could not be read", e);
        }
        LOG.infof("ingested %s (%s): %d patient records, %d parts quarantined", ingestId, format, writer.written(),
                rejectedParts);
        if (rejectedParts == 0) {
            return Outcome.INGESTED;
        }
        return writer.written() > 0 ? Outcome.PARTIALLY_QUARANTINED : Outcome.QUARANTINED;
    }

    private Outcome quarantineWhole(Landed landed, String ingestId, Format format, boolean gzip,
            Rejection rejection) {
        byte[] copy = null;
        if (landed.object().size() <= limits.maxDocumentBytes()) {
            try (InputStream in = open(landed)) {
                copy = new BoundedInput.Counting(in, limits.maxDocumentBytes(), ReasonCode.OBJECT_TOO_LARGE, null)
                        .readAllBytes();
            } catch (Rejection.LimitExceeded tooLarge) {
                copy = null;
            } catch (IOException e) {
                throw new UncheckedIOException("landing object could not be read", e);
            }
        }
        quarantine.quarantine(landed.object(), ingestId, null, copy, sourceFile(landed, format, gzip), rejection);
        LOG.warnf("quarantined %s: %s", ingestId, rejection.code());
        return Outcome.QUARANTINED;
    }

    private int readBundle(InputStream in, RawZoneWriter writer) throws IOException, Rejection {
        byte[] content = in.readNBytes(limits.maxDocumentBytes() + 1);
        if (content.length > limits.maxDocumentBytes()) {
            throw new Rejection(ReasonCode.OBJECT_TOO_LARGE,
                    "the Bundle is larger than " + limits.maxDocumentBytes() + " bytes");
        }
        writer.add(bundles.read(content, content.length));
        return 0;
    }

    private int readNdjson(InputStream in, RawZoneWriter writer, ObjectCreated landed, String ingestId,
            SourceFile file)
            throws IOException {
        LineReader lines = new LineReader(in, limits.maxLineBytes(), false);
        List<JsonNode> chunk = new ArrayList<>();
        int rejected = 0;
        LineReader.Line line;
        while ((line = lines.next()) != null) {
            if (line.tooLong() != null) {
                rejectPart(landed, ingestId, file, line.number(), null, line.tooLong());
                rejected++;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode resource = json.read(line.bytes(), 0, line.bytes().length);
                if ("Bundle".equals(resource.path("resourceType").asText())) {
                    throw new Rejection(ReasonCode.UNKNOWN_RESOURCE_TYPE, "a Bundle is not accepted as an NDJSON line");
                }
                validator.validate(resource);
                chunk.add(resource);
            } catch (Rejection rejection) {
                rejectPart(landed, ingestId, file, line.number(), line.bytes(), rejection);
                rejected++;
                continue;
            }
            if (chunk.size() >= limits.resourcesPerChunk()) {
                writeGrouped(chunk, writer, file.source());
            }
        }
        writeGrouped(chunk, writer, file.source());
        return rejected;
    }

    private static void writeGrouped(List<JsonNode> chunk, RawZoneWriter writer, String source) {
        if (chunk.isEmpty()) {
            return;
        }
        PatientGrouping.Grouped grouped = PatientGrouping.group(chunk, source);
        writer.countUnlinked(grouped.unlinkedResources());
        writer.add(SerializedRecord.all(grouped.records()));
        writer.flush();
        chunk.clear();
    }

    private int readHl7(InputStream in, RawZoneWriter writer, ObjectCreated landed, String ingestId, SourceFile file)
            throws IOException {
        Hl7MessageSplitter messages = new Hl7MessageSplitter(new LineReader(in, limits.maxLineBytes(), true),
                limits.maxDocumentBytes());
        int rejected = 0;
        Hl7MessageSplitter.RawMessage message;
        while ((message = messages.next()) != null) {
            try {
                if (message.rejection() != null) {
                    throw message.rejection();
                }
                // The mapped Bundle goes through the same validation as any FHIR Bundle.
                writer.add(bundles.read(hl7.map(message.text())));
            } catch (Rejection rejection) {
                byte[] copy = message.text() == null ? null : message.text().getBytes(StandardCharsets.UTF_8);
                rejectPart(landed, ingestId, file, message.line(), copy, rejection);
                rejected++;
            }
        }
        return rejected;
    }

    private void rejectPart(ObjectCreated landed, String ingestId, SourceFile file, int line, byte[] content,
            Rejection rejection) {
        Rejection placed = rejection.line() == null || rejection.line() != line ? rejection.atLine(line) : rejection;
        quarantine.quarantine(landed, ingestId, line, content, file, placed);
    }

    private static SourceFile sourceFile(Landed landed, Format format, boolean gzip) {
        ObjectCreated object = landed.object();
        return new SourceFile(object.bucket(), landed.keyRef(), object.etag(), object.size(), landed.source(),
                format.wireName(gzip));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
