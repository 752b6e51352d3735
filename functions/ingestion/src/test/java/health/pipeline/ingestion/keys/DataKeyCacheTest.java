package health.pipeline.ingestion.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.intake.Harness;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.model.ports.memory.InMemoryKeyService;

/** Ingestion's use of the shared {@link DataKeyCache}: source-scoped data keys over a whole file. */
class DataKeyCacheTest {
    private static final Map<String, String> CONTEXT = Map.of("bucket", "raw", "source", "ward7");

    @Test
    void shouldMakeFewKmsCallsAndStayDecryptable_whenSourceScopedKeysSealAFileOfManyRecords() throws Exception {
        Harness h = new Harness(Limits.defaults(), RecordSealer.KeyScope.SOURCE, DataKeyCache.Bounds.defaults());
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            ndjson.append("{\"resourceType\":\"Patient\",\"id\":\"p").append(i).append("\"}\n");
        }
        h.ingest(h.land("ward7/many.ndjson", ndjson.toString()));

        assertThat(h.generateDataKeyCalls.get()).isEqualTo(1);
        var records = h.store.bucket("raw").entrySet().stream().filter(e -> e.getKey().startsWith("records/")).toList();
        assertThat(records).hasSize(500);
        for (var record : records.subList(0, 3)) {
            JsonNode bundle = new ObjectMapper().readTree(openWithKeyContext(h.keys, record.getValue().content(),
                    Map.of("bucket", "raw", "key", record.getKey(), "source", "ward7")));
            assertThat(bundle.at("/entry/0/resource/resourceType").asText()).isEqualTo("Patient");
        }
    }

    /** What EnvelopeCipher.open does once it honours {@code kctx} (the change docs/adr/0012 asks for). */
    static byte[] openWithKeyContext(InMemoryKeyService keys, byte[] sealed, Map<String, String> expected)
            throws Exception {
        int length = ByteBuffer.wrap(sealed, 4, 4).getInt();
        byte[] headerBytes = Arrays.copyOfRange(sealed, 8, 8 + length);
        JsonNode header = new ObjectMapper().readTree(headerBytes);
        Map<String, String> ctx = new TreeMap<>();
        header.path("ctx").fields().forEachRemaining(e -> ctx.put(e.getKey(), e.getValue().asText()));
        assertThat(ctx).isEqualTo(new TreeMap<>(expected));
        Map<String, String> kctx = new TreeMap<>();
        header.path(header.has("kctx") ? "kctx" : "ctx").fields()
                .forEachRemaining(e -> kctx.put(e.getKey(), e.getValue().asText()));
        byte[] key = keys.decrypt(Base64.getDecoder().decode(header.path("edk").asText()), kctx)
                .toCompletableFuture().join();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Base64.getDecoder().decode(header.path("iv").asText())));
        cipher.updateAAD(headerBytes);
        return cipher.doFinal(Arrays.copyOfRange(sealed, 8 + length, sealed.length));
    }

    @Test
    void shouldFailAuthentication_whenTheObjectContextInTheHeaderIsAltered() throws Exception {
        Harness h = new Harness(Limits.defaults(), RecordSealer.KeyScope.SOURCE, DataKeyCache.Bounds.defaults());
        h.ingest(h.land("ward7/one.ndjson", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n"));
        var record = h.store.bucket("raw").entrySet().stream().filter(e -> e.getKey().startsWith("records/"))
                .findFirst().orElseThrow();
        byte[] tampered = new String(record.getValue().content(), StandardCharsets.ISO_8859_1)
                .replace("\"key\":\"records/", "\"key\":\"recordz/").getBytes(StandardCharsets.ISO_8859_1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> openWithKeyContext(h.keys, tampered,
                Map.of("bucket", "raw", "key", record.getKey().replace("records/", "recordz/"), "source", "ward7")))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
    }
}
