package health.pipeline.ingestion.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.ingestion.formats.Limits;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.ingestion.keys.RecordSealer;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.KeyService;
import health.pipeline.model.ports.memory.InMemoryKeyService;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.RecordingEventPublisher;
import health.pipeline.model.pseudonym.Pseudonymizer;
import health.pipeline.model.util.Hashes;

/** The ingestion core on the shared in-memory fakes, with helpers to land files and read what was written. */
public final class Harness {
    static final ObjectMapper JSON = new ObjectMapper();
    public final InMemoryObjectStore store = new InMemoryObjectStore();
    public final InMemoryKeyService keys = new InMemoryKeyService();
    public final AtomicInteger generateDataKeyCalls = new AtomicInteger();
    public final RecordingEventPublisher published = new RecordingEventPublisher();
    public final DataKeyCache cache;
    /** Under a fixed test secret: the references a test expects can be computed the same way. */
    public final LandingReferences references = new LandingReferences(
            new Pseudonymizer("a test secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8), "k-test"),
            java.util.Set.of());
    public final FileIngestion ingestion;

    public Harness() {
        this(Limits.defaults(), RecordSealer.KeyScope.OBJECT, DataKeyCache.Bounds.defaults());
    }

    public Harness(Limits limits, RecordSealer.KeyScope scope, DataKeyCache.Bounds bounds) {
        KeyService counting = new KeyService() {
            @Override
            public java.util.concurrent.CompletionStage<DataKey> generateDataKey(String keyId, Map<String, String> ctx) {
                generateDataKeyCalls.incrementAndGet();
                return keys.generateDataKey(keyId, ctx);
            }

            @Override
            public java.util.concurrent.CompletionStage<byte[]> decrypt(byte[] ciphertext, Map<String, String> ctx) {
                return keys.decrypt(ciphertext, ctx);
            }
        };
        cache = new DataKeyCache(counting, bounds, Clock.systemUTC());
        ingestion = new FileIngestion(store, new StoreObjectSource(store), new RecordSealer(cache, scope),
                new EventEmitter(published, "ingestion", Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"),
                        ZoneOffset.UTC)),
                new IngestionSettings("raw", "quarantine", "raw-key", limits), references);
    }

    /** The same core on this harness's store, keys and publisher, reading landed objects from another source. */
    public FileIngestion ingestionReading(ObjectSource source) {
        return new FileIngestion(store, source, new RecordSealer(cache, RecordSealer.KeyScope.OBJECT),
                new EventEmitter(published, "ingestion", Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"),
                        ZoneOffset.UTC)),
                new IngestionSettings("raw", "quarantine", "raw-key", Limits.defaults()), references);
    }

    public static Limits smallLimits() {
        return new Limits(1 << 20, 4 << 20, 100, 4096, 256 * 1024, 16, 1024, 100, 2_000);
    }

    public ObjectCreated land(String key, byte[] content) {
        store.put("landing", key, content, "application/octet-stream", null, Map.of());
        String etag = etag(content);
        return new ObjectCreated("landing", key, content.length, etag, null);
    }

    public ObjectCreated land(String key, String content) {
        return land(key, content.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sample(String name) {
        try {
            return Files.readAllBytes(repositoryRoot().resolve("samples").resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("samples"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    public FileIngestion.Outcome ingest(ObjectCreated object) {
        return ingestion.ingest(object).toCompletableFuture().join();
    }

    /** The raw records written, decrypted the way de-identification decrypts them. */
    public List<JsonNode> openRecords() {
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        return store.bucket("raw").entrySet().stream().filter(e -> e.getKey().startsWith("records/")).map(e -> {
            String source = e.getKey().split("/")[1];
            byte[] plain = cipher.open(e.getValue().content(),
                    Map.of("bucket", "raw", "key", e.getKey(), "source", source)).toCompletableFuture().join();
            try {
                return JSON.readTree(plain);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    /** The landing keys sealed in the raw zone's object markers, decrypted as an authorised reader would. */
    public List<String> landedKeysOfMarkers() {
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        return store.bucket("raw").entrySet().stream().filter(e -> e.getKey().startsWith("ingested/objects/")).map(e -> {
            try {
                JsonNode marker = JSON.readTree(e.getValue().content());
                byte[] plain = cipher.open(java.util.Base64.getDecoder().decode(marker.path("landedSealed").asText()),
                        Map.of("bucket", "raw", "key", e.getKey(), "source", marker.path("source").asText()))
                        .toCompletableFuture().join();
                return JSON.readTree(plain).path("key").asText();
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    public JsonNode reason(String quarantineKey) {
        try {
            return JSON.readTree(store.bucket("quarantine").get(quarantineKey + ".reason.json").content());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<JsonNode> events(String channel) {
        return published.on(channel).stream().map(p -> {
            try {
                return JSON.readTree(p.event());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String etag(byte[] content) {
        return HexFormat.of().formatHex(md5(content));
    }

    private static byte[] md5(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha(String text) {
        return Hashes.sha256Hex(text);
    }

    static Duration minutes(int n) {
        return Duration.ofMinutes(n);
    }
}
