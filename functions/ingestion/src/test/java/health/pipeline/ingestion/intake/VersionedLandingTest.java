package health.pipeline.ingestion.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import health.pipeline.model.ports.ObjectStore;

/** A file overwritten before it is ingested: each version the notifications name is read and processed once. */
class VersionedLandingTest {
    private static final String KEY = "ward7/admit.json";

    private final Harness h = new Harness();
    private final VersionedBucket landing = new VersionedBucket();
    private final FileIngestion ingestion = h.ingestionReading(landing);

    private static String bundle(String patientId, String family) {
        return """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"fullUrl":"urn:uuid:%1$s","resource":{"resourceType":"Patient","id":"%1$s","name":[{"family":"%2$s"}]}}
                ]}""".formatted(patientId, family);
    }

    private FileIngestion.Outcome ingest(ObjectCreated object) {
        return ingestion.ingest(object).toCompletableFuture().join();
    }

    @Test
    void shouldProcessEachVersionOnce_whenTheFileIsOverwrittenBeforeItIsIngested() {
        ObjectCreated first = landing.put(KEY, bundle("p1", "Quixote"));
        ObjectCreated second = landing.put(KEY, bundle("p2", "Panza"));

        assertThat(ingest(first)).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(ingest(second)).isEqualTo(FileIngestion.Outcome.INGESTED);

        assertThat(h.openRecords()).extracting(r -> r.at("/entry/0/resource/id").asText())
                .containsExactlyInAnyOrder("p1", "p2");
        assertThat(h.events("deidentify-queue")).extracting(e -> e.at("/data/file/etag").asText())
                .containsExactly(first.etag(), second.etag());
    }

    @Test
    void shouldDoNothing_whenTheNotificationOfAVersionIsDeliveredAgain() {
        ObjectCreated first = landing.put(KEY, bundle("p1", "Quixote"));
        ObjectCreated second = landing.put(KEY, bundle("p2", "Panza"));
        ingest(first);
        ingest(second);
        var raw = Map.copyOf(h.store.bucket("raw"));
        int events = h.published.published().size();

        assertThat(ingest(second)).isEqualTo(FileIngestion.Outcome.DUPLICATE);
        assertThat(ingest(first)).isEqualTo(FileIngestion.Outcome.DUPLICATE);

        assertThat(h.store.bucket("raw").keySet()).isEqualTo(raw.keySet());
        assertThat(h.published.published()).hasSize(events);
    }

    /** S3 with versioning on, as far as ingestion sees it: every put is a new version; a read names one. */
    private static final class VersionedBucket implements ObjectSource {
        private final Map<String, List<byte[]>> versions = new HashMap<>();

        ObjectCreated put(String key, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            List<byte[]> ofKey = versions.computeIfAbsent(key, k -> new ArrayList<>());
            ofKey.add(bytes);
            return new ObjectCreated("landing", key, bytes.length, Harness.etag(bytes), "v" + ofKey.size());
        }

        @Override
        public InputStream open(String bucket, String key, String versionId) {
            List<byte[]> ofKey = versions.get(key);
            if (ofKey == null) {
                throw new ObjectStore.NotFound(bucket, key);
            }
            byte[] content = versionId == null ? ofKey.get(ofKey.size() - 1)
                    : ofKey.get(Integer.parseInt(versionId.substring(1)) - 1);
            return new ByteArrayInputStream(content);
        }
    }
}
