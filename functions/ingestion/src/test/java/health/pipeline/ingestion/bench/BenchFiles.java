package health.pipeline.ingestion.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.IngestionSettings;
import health.pipeline.ingestion.intake.LandingReferences;
import health.pipeline.ingestion.intake.ObjectCreated;
import health.pipeline.ingestion.intake.ObjectSource;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.ingestion.keys.RecordSealer;
import health.pipeline.model.ports.EventPublisher;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.ports.memory.InMemoryKeyService;
import health.pipeline.model.pseudonym.Pseudonymizer;

/** Synthetic input files and a store that keeps nothing, for benchmarks and the large-file run. */
final class BenchFiles {
    static final String ETAG = "9b2cf535f27731c974343645a3985328";

    private BenchFiles() {
    }

    /** One patient per group: a Patient line and {@code observations} Observation lines referencing it. */
    static void writeNdjson(OutputStream out, int patient, int observations) throws IOException {
        out.write(("{\"resourceType\":\"Patient\",\"id\":\"p" + patient + "\",\"name\":[{\"family\":\"Synthetic"
                + patient + "\",\"given\":[\"Bench\"]}],\"birthDate\":\"1950-01-0" + (1 + patient % 9)
                + "\",\"gender\":\"female\",\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"MRN-" + patient
                + "\"}]}\n").getBytes(StandardCharsets.UTF_8));
        for (int o = 0; o < observations; o++) {
            out.write(("{\"resourceType\":\"Observation\",\"id\":\"o" + patient + "-" + o + "\",\"status\":\"final\","
                    + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\","
                    + "\"code\":\"vital-signs\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":"
                    + "\"8867-4\",\"display\":\"Heart rate\"}]},\"subject\":{\"reference\":\"Patient/p" + patient
                    + "\"},\"effectiveDateTime\":\"2026-11-23T0" + (o % 10) + ":00:00Z\",\"valueQuantity\":{\"value\":"
                    + (60 + o) + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] ndjson(int patients, int observations) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        for (int p = 0; p < patients; p++) {
            writeNdjson(out, p, observations);
        }
        return out.toByteArray();
    }

    /** The same resources as {@link #ndjson} in one collection Bundle. */
    static byte[] bundle(int patients, int observations) throws IOException {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        String[] lines = new String(ndjson(patients, observations), StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            bundle.append(i == 0 ? "" : ",").append("{\"resource\":").append(lines[i]).append('}');
        }
        return bundle.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One ORU R01 per patient with {@code observations} OBX segments. */
    static byte[] hl7(int patients, int observations) {
        StringBuilder file = new StringBuilder();
        for (int p = 0; p < patients; p++) {
            file.append("MSH|^~\\&|BENCH|WARD7|PIPE|HOSP|20261123060000||ORU^R01|M").append(p).append("|P|2.5.1\r")
                    .append("PID|1||MRN-").append(p).append("^^^WARD7^MR||Synthetic").append(p)
                    .append("^Bench||19500101|F\rPV1|1|I|W7^1^A\rOBR|1|O").append(p)
                    .append("||85353-1^Vitals^LN|||20261123060000\r");
            for (int o = 0; o < observations; o++) {
                file.append("OBX|").append(o + 1).append("|NM|8867-4^Heart rate^LN||").append(60 + o)
                        .append("|/min^^UCUM|||||F|||2026112306").append(String.format("%02d", o % 60)).append("00\r");
            }
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps nothing: counts what was put, so memory is the ingestion's own. */
    static final class DiscardingStore implements ObjectStore {
        final AtomicLong puts = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        @Override
        public CompletionStage<byte[]> get(String bucket, String key) {
            return CompletableFuture.failedFuture(new NotFound(bucket, key));
        }

        @Override
        public CompletionStage<Void> put(String bucket, String key, byte[] content, String contentType,
                String kmsKeyId, Map<String, String> metadata) {
            puts.incrementAndGet();
            bytes.addAndGet(content.length);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> exists(String bucket, String key) {
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Accepts every event and keeps none (events are still encoded and validated by the EventEmitter). */
    static final class DiscardingPublisher implements EventPublisher {
        @Override
        public CompletionStage<Void> publish(String channel, String eventId, String encodedEvent,
                Map<String, String> attributes) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> publishDelayed(String channel, String eventId, String encodedEvent,
                Duration delay) {
            return CompletableFuture.completedFuture(null);
        }
    }

    static ObjectSource bytesSource(byte[] content) {
        return (bucket, key, versionId) -> new ByteArrayInputStream(content);
    }

    static ObjectSource fileSource(Path file) {
        return (bucket, key, versionId) -> Files.newInputStream(file);
    }

    static FileIngestion ingestion(ObjectStore store, ObjectSource source) {
        var cache = new DataKeyCache(new InMemoryKeyService(), DataKeyCache.Bounds.defaults(), Clock.systemUTC());
        return new FileIngestion(store, source, new RecordSealer(cache, RecordSealer.KeyScope.SOURCE),
                new EventEmitter(new DiscardingPublisher(), "ingestion", Clock.systemUTC()),
                new IngestionSettings("raw", "quarantine", "raw-key", Limits.defaults().withMaxObjectBytes(4L << 30)),
                new LandingReferences(new Pseudonymizer(new byte[32], "k-bench"), java.util.Set.of()));
    }

    static ObjectCreated object(String key, long size) {
        return new ObjectCreated("landing", key, size, ETAG, null);
    }

    static InputStream open(ObjectSource source) throws IOException {
        return source.open("landing", "x", null);
    }
}
