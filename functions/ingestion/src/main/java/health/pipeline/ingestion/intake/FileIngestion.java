package health.pipeline.ingestion.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

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
 * ({@code ingested/objects/<sha256 of bucket, key, version or ETag>.json}) makes a redelivered notification a no-op;
 * a marker per content hash ({@code ingested/<sha256>.json}) makes the same bytes under another key a recorded
 * duplicate. Both are written last. Reads twice (hash, then parse) to stay within bounded memory.
 *
 * <p>Blocking by design: one Lambda invocation handles one message, and pulling the object stream at the pace of the
 * raw-zone writes is what bounds memory (docs/adr/0010-streaming-ingestion.md).
 */
public final class FileIngestion {
    private static final Logger LOG = Logger.getLogger(FileIngestion.class);

    private final ObjectStore store;
    private final ObjectSource source;
    private final RecordSealer sealer;
    private final EventEmitter events;
    private final IngestionSettings settings;
    private final Limits limits;
    private final FhirJson json;
    private final BundleReader bundles;
    private final ResourceValidator validator = new ResourceValidator();
    private final Hl7ToFhir hl7 = new Hl7ToFhir();
    private final QuarantineWriter quarantine;

    public FileIngestion(ObjectStore store, ObjectSource source, RecordSealer sealer, EventEmitter events,
            IngestionSettings settings) {
        this.store = store;
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
        String objectMarker = "ingested/objects/" + Hashes.sha256Hex(object.bucket() + "/" + object.key() + "@"
                + (object.versionId() != null ? object.versionId() : object.etag())) + ".json";
        if (join(store.exists(settings.rawBucket(), objectMarker))) {
            LOG.infof("object %s already handled; nothing to do", objectMarker);
            return Outcome.DUPLICATE;
        }
        String sourceName = LandingKeys.sourceOf(object.key());
        String unreadId = "i-" + Hashes.sha256Hex(objectMarker).substring(0, 24);
        try {
            LandingKeys.check(object.key());
        } catch (Rejection rejection) {
            quarantine.quarantine(object.key(), null, null, unreadId, sourceFile(object, sourceName, Format.UNKNOWN,
                    false), rejection);
            return finish(objectMarker, null, unreadId, Outcome.QUARANTINED);
        }
        if (object.size() > limits.maxObjectBytes()) {
            // Not even read: copying it would cost as much as ingesting it. The landing object stays where it is.
            quarantine.quarantine(object.key(), null, null, unreadId, sourceFile(object, sourceName, Format.UNKNOWN,
                    false), new Rejection(ReasonCode.OBJECT_TOO_LARGE,
                            "the object is larger than " + limits.maxObjectBytes() + " bytes"));
            return finish(objectMarker, null, unreadId, Outcome.QUARANTINED);
        }
        String sha256 = contentHash(object);
        String ingestId = "i-" + sha256.substring(0, 24);
        String contentMarker = "ingested/" + sha256 + ".json";
        if (join(store.exists(settings.rawBucket(), contentMarker))) {
            recordDuplicate(object, sourceName, ingestId);
            return finish(objectMarker, null, ingestId, Outcome.DUPLICATE);
        }
        Outcome outcome = process(object, sourceName, ingestId);
        return finish(objectMarker, contentMarker, ingestId, outcome);
    }

    private Outcome finish(String objectMarker, String contentMarker, String ingestId, Outcome outcome) {
        byte[] marker = ("{\"ingestId\":\"" + ingestId + "\",\"outcome\":\"" + outcome + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        if (contentMarker != null) {
            join(store.put(settings.rawBucket(), contentMarker, marker, "application/json", settings.rawKmsKeyId(),
                    Map.of()));
        }
        join(store.put(settings.rawBucket(), objectMarker, marker, "application/json", settings.rawKmsKeyId(),
                Map.of()));
        return outcome;
    }

    private void recordDuplicate(ObjectCreated object, String sourceName, String ingestId) {
        String duplicateId = "d-" + Hashes.sha256Hex(object.bucket() + "/" + object.key() + "@" + object.etag())
                .substring(0, 24);
        LOG.infof("content of %s was ingested before as %s; recorded as a duplicate", duplicateId, ingestId);
        join(events.audit("audit-duplicate-" + duplicateId, ingestId, new AuditEvent(events.functionName(),
                "INGEST_DUPLICATE", "success", "HOPERAT", null, List.of(), null, null, null,
                Map.of("duplicateOf", ingestId, "source", sourceName), events.now())));
    }

    private String contentHash(ObjectCreated object) {
        try (InputStream in = new BoundedInput.Counting(source.open(object.bucket(), object.key()),
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

    private Outcome process(ObjectCreated object, String sourceName, String ingestId) {
        boolean gzip = false;
        Format format = Format.UNKNOWN;
        RawZoneWriter writer = null;
        int rejectedParts = 0;
        try (InputStream raw = source.open(object.bucket(), object.key())) {
            BoundedInput.Counting counted = new BoundedInput.Counting(raw, limits.maxObjectBytes(),
                    ReasonCode.OBJECT_TOO_LARGE, null);
            BufferedInputStream in = BoundedInput.buffered(counted);
            gzip = FormatDetector.isGzip(in);
            if (gzip) {
                in = BoundedInput.buffered(BoundedInput.gunzip(in, counted, limits));
            }
            format = FormatDetector.detect(in);
            SourceFile file = sourceFile(object, sourceName, format, gzip);
            writer = new RawZoneWriter(store, sealer, events, settings, ingestId, sourceName, file);
            rejectedParts = switch (format) {
                case FHIR_BUNDLE -> readBundle(in, writer);
                case FHIR_NDJSON -> readNdjson(in, writer, object.key(), ingestId, file);
                case HL7V2 -> readHl7(in, writer, object.key(), ingestId, file);
                case UNKNOWN -> throw new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "the format is not recognised");
            };
            writer.flush();
            if (writer.written() == 0 && rejectedParts == 0) {
                throw new Rejection(ReasonCode.NO_PATIENT, "the file holds no patient record");
            }
        } catch (Rejection rejection) {
            return quarantineWhole(object, sourceName, ingestId, format, gzip, rejection);
        } catch (Rejection.LimitExceeded limit) {
            if (writer != null) {
                writer.flush();
            }
            return quarantineWhole(object, sourceName, ingestId, format, gzip, limit.rejection());
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

    private Outcome quarantineWhole(ObjectCreated object, String sourceName, String ingestId, Format format,
            boolean gzip, Rejection rejection) {
        byte[] copy = null;
        if (object.size() <= limits.maxDocumentBytes()) {
            try (InputStream in = source.open(object.bucket(), object.key())) {
                copy = new BoundedInput.Counting(in, limits.maxDocumentBytes(), ReasonCode.OBJECT_TOO_LARGE, null)
                        .readAllBytes();
            } catch (Rejection.LimitExceeded tooLarge) {
                copy = null;
            } catch (IOException e) {
                throw new UncheckedIOException("landing object could not be read", e);
            }
        }
        quarantine.quarantine(object.key(), null, copy, ingestId, sourceFile(object, sourceName, format, gzip),
                rejection);
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

    private int readNdjson(InputStream in, RawZoneWriter writer, String landingKey, String ingestId, SourceFile file)
            throws IOException {
        LineReader lines = new LineReader(in, limits.maxLineBytes(), false);
        List<JsonNode> chunk = new ArrayList<>();
        int rejected = 0;
        LineReader.Line line;
        while ((line = lines.next()) != null) {
            if (line.tooLong() != null) {
                rejectPart(landingKey, ingestId, file, line.number(), null, line.tooLong());
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
                rejectPart(landingKey, ingestId, file, line.number(), line.bytes(), rejection);
                rejected++;
                continue;
            }
            if (chunk.size() >= limits.resourcesPerChunk()) {
                writeGrouped(chunk, writer);
            }
        }
        writeGrouped(chunk, writer);
        return rejected;
    }

    private static void writeGrouped(List<JsonNode> chunk, RawZoneWriter writer) {
        if (chunk.isEmpty()) {
            return;
        }
        PatientGrouping.Grouped grouped = PatientGrouping.group(chunk);
        writer.countUnlinked(grouped.unlinkedResources());
        writer.add(SerializedRecord.all(grouped.records()));
        writer.flush();
        chunk.clear();
    }

    private int readHl7(InputStream in, RawZoneWriter writer, String landingKey, String ingestId, SourceFile file)
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
                rejectPart(landingKey, ingestId, file, message.line(), copy, rejection);
                rejected++;
            }
        }
        return rejected;
    }

    private void rejectPart(String landingKey, String ingestId, SourceFile file, int line, byte[] content,
            Rejection rejection) {
        Rejection placed = rejection.line() == null || rejection.line() != line ? rejection.atLine(line) : rejection;
        quarantine.quarantine(landingKey, line, content, ingestId + "-L" + line, file, placed);
    }

    private static SourceFile sourceFile(ObjectCreated object, String sourceName, Format format, boolean gzip) {
        return new SourceFile(object.bucket(), Hashes.sha256Hex(object.key()), object.etag(), object.size(),
                sourceName, format.wireName(gzip));
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
