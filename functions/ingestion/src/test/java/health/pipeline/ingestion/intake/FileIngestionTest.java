package health.pipeline.ingestion.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import health.pipeline.contracts.ContractValidator;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.memory.InMemoryKeyService;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.RecordingEventPublisher;

class FileIngestionTest {
    private static final String BUNDLE = """
            {"resourceType":"Bundle","type":"transaction","entry":[
             {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1",
               "name":[{"family":"Quixote","given":["Alonso"]}],"identifier":[{"system":"urn:mrn","value":"MRN-778812"}]}},
             {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1","subject":{"reference":"urn:uuid:p1"}}}
            ]}""";

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final InMemoryKeyService keys = new InMemoryKeyService();
    private final RecordingEventPublisher published = new RecordingEventPublisher();
    private final FileIngestion ingestion = new FileIngestion(store, new EnvelopeCipher(keys),
            new EventEmitter(published, "ingestion", Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC)),
            new IngestionSettings("raw", "quarantine", "raw-key", 1_000_000));

    private ObjectCreated land(String key, String content) {
        store.put("landing", key, content.getBytes(StandardCharsets.UTF_8), "application/json", null, Map.of());
        return new ObjectCreated("landing", key, content.length(), "9b2cf535f27731c974343645a3985328", null);
    }

    @Test
    void shouldWriteSealedRecordsAndAnnounceThem_whenABundleLands() {
        var outcome = ingestion.ingest(land("ward7/a.json", BUNDLE)).toCompletableFuture().join();

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.INGESTED);
        var raw = store.bucket("raw");
        var record = raw.entrySet().stream().filter(e -> e.getKey().startsWith("records/ward7/")).findFirst().orElseThrow();
        assertThat(EnvelopeCipher.isSealed(record.getValue().content())).isTrue();
        assertThat(new String(record.getValue().content(), StandardCharsets.ISO_8859_1)).doesNotContain("Quixote", "MRN-778812");
        assertThat(record.getValue().kmsKeyId()).isEqualTo("raw-key");
        assertThat(published.on("deidentify-queue")).hasSize(1);
        assertThat(published.on("audit-queue")).hasSize(1);
        published.published().forEach(p -> assertThat(ContractValidator.instance().validateEnvelope(p.event())).isEmpty());
        assertThat(published.published()).allSatisfy(p -> assertThat(p.event()).doesNotContain("Quixote", "MRN-778812"));
    }

    @Test
    void shouldDoNothing_whenTheSameBytesArriveAgain() {
        ingestion.ingest(land("ward7/a.json", BUNDLE)).toCompletableFuture().join();
        int objects = store.bucket("raw").size();
        int events = published.published().size();

        var outcome = ingestion.ingest(land("ward7/renamed.json", BUNDLE)).toCompletableFuture().join();

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.DUPLICATE);
        assertThat(store.bucket("raw")).hasSize(objects);
        assertThat(published.published()).hasSize(events);
    }

    @Test
    void shouldQuarantineWithAReasonThatQuotesNothing_whenTheJsonIsBroken() {
        var outcome = ingestion.ingest(land("ward7/broken.json", "{\"resourceType\":\"Bundle\", \"name\": \"Quixote\"\n,,"))
                .toCompletableFuture().join();

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.QUARANTINED);
        var quarantine = store.bucket("quarantine");
        assertThat(quarantine).containsKeys("ward7/broken.json", "ward7/broken.json.reason.json");
        String reason = new String(quarantine.get("ward7/broken.json.reason.json").content(), StandardCharsets.UTF_8);
        assertThat(reason).contains("\"code\":\"MALFORMED_JSON\"", "\"line\":2").doesNotContain("Quixote");
        assertThat(published.on("ingest-rejections")).hasSize(1);
        assertThat(published.on("deidentify-queue")).isEmpty();
    }

    @Test
    void shouldQuarantine_whenTheBundleHasNoPatient() {
        var outcome = ingestion.ingest(land("ward7/np.json", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"))
                .toCompletableFuture().join();
        assertThat(outcome).isEqualTo(FileIngestion.Outcome.QUARANTINED);
        assertThat(new String(store.bucket("quarantine").get("ward7/np.json.reason.json").content(), StandardCharsets.UTF_8))
                .contains("NO_PATIENT");
    }

    @Test
    void shouldWriteNothingAndFail_whenKmsIsDown() {
        keys.setAvailable(false);
        assertThatThrownBy(() -> ingestion.ingest(land("ward7/a.json", BUNDLE)).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class);
        assertThat(store.bucket("raw")).isEmpty();
        assertThat(published.published()).isEmpty();
    }

    @Test
    void shouldSanitiseKeys_whenTheyHoldRelativeSegmentsOrControlCharacters() {
        assertThat(FileIngestion.quarantineKey("ward7/../../etc/passwd")).isEqualTo("ward7/etc/passwd");
        assertThat(FileIngestion.quarantineKey("a/b\u0007c")).isEqualTo("a/b_c");
        assertThat(FileIngestion.sourceOf("../x.json")).isEqualTo("unknown");
        assertThat(FileIngestion.sourceOf("ward-7/x.json")).isEqualTo("ward-7");
    }

    @Test
    void shouldDecodeKeysAndSkipTestEvents_whenParsingNotifications() {
        var created = ObjectCreated.parse("""
                {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"landing"},
                 "object":{"key":"ward7/lab+results%281%29.json","size":10,"eTag":"abc"}}}]}""");
        assertThat(created).singleElement().satisfies(o -> assertThat(o.key()).isEqualTo("ward7/lab results(1).json"));
        assertThat(ObjectCreated.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).isEmpty();
    }
}
