package health.pipeline.ingestion.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.intake.Harness;
import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.model.fhir.PatientRecords;

/**
 * The streamed Bundle read against the whole-tree read it replaces on the success path: whenever the streamed read
 * accepts a Bundle, the whole-tree read accepts it too, with byte-identical records; whenever the whole-tree read
 * rejects, the streamed read declines (so the rejection, its code, message and line come from the whole-tree read).
 */
class StreamedBundleTest {
    private static final Path SAMPLES = Harness.repositoryRoot().resolve("samples");
    private final FhirJson json = new FhirJson(Limits.defaults());
    private final ResourceValidator validator = new ResourceValidator();
    private final BundleReader reader = new BundleReader(json);

    /** The outcome of the whole-tree read: records or a rejection. */
    private List<SerializedRecord> wholeTree(byte[] content) throws Rejection {
        return reader.read(json.read(content, 0, content.length));
    }

    /** Returns whether the streamed read accepted the content. */
    private boolean assertSameOutcome(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<SerializedRecord> streamed = StreamedBundle.read(json, validator, bytes, bytes.length);
        List<SerializedRecord> tree;
        try {
            tree = wholeTree(bytes);
        } catch (Rejection rejection) {
            assertThat(streamed).as("streamed read of a Bundle the whole-tree read rejects (%s): %s",
                    rejection.code(), content).isNull();
            return false;
        }
        if (streamed == null) {
            return false;
        }
        assertThat(streamed).hasSameSizeAs(tree);
        for (int i = 0; i < tree.size(); i++) {
            assertThat(new String(streamed.get(i).json(), StandardCharsets.UTF_8)).as("record %d of %s", i, content)
                    .isEqualTo(new String(tree.get(i).json(), StandardCharsets.UTF_8));
            assertThat(streamed.get(i).json()).isEqualTo(tree.get(i).json());
            assertThat(streamed.get(i).resourceCount()).isEqualTo(tree.get(i).resourceCount());
        }
        return true;
    }

    static Stream<Path> sampleBundles() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sampleBundles")
    void shouldGiveTheWholeTreeRecords_whenASampleBundleIsStreamed(Path sample) throws IOException {
        assertThat(assertSameOutcome(Files.readString(sample))).as("streamed read accepted %s", sample).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // shapes the whole-tree read accepts, some of which the streamed read declines
        "{\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p\"}}],\"type\":\"batch\",\"resourceType\":\"Bundle\"}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":{\"a\":{\"resource\":{\"resourceType\":\"Patient\"}}}}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":7,\"resource\":{\"resourceType\":\"Patient\",\"id\":3}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":null,\"resource\":{\"resourceType\":\"Patient\",\"id\":null}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"\\u00e9\\ud83d\\ude00\\ud800 \\\" \\\\ \\/ \\t\"}],\"n\":[1.0,1e2,-0,12345678901234567890123,0.1]}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p\"}},{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"q\",\"link\":[{\"other\":{\"reference\":\"Patient/p\"}}]}}]}",
        "  {\"resourceType\" : \"Bundle\" ,\n \"type\":\"collection\", \"entry\" : [ {\"resource\" : {\"resourceType\":\"Patient\"} } ] }  \n",
        // rejected by the whole-tree read
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]} {}",
        "{\"resourceType\":\"Bundle\",\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}],\"entry\":[]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"a\",\"id\":\"b\"}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"},\"resource\":{}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"meta\":{\"a\":1,\"a\":2},\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]",
        "{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
        "{\"resourceType\":\"bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}",
        "[{\"resourceType\":\"Bundle\",\"type\":\"collection\"}]",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[null]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{}}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":\"0000-01-01\"}}]}",
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"link\":[{\"other\":{\"reference\":\"urn:uuid:x\"}}]}}]}",
        ""})
    void shouldAcceptOnlyWhatTheWholeTreeReadAccepts_whenTheShapeIsUnusual(String content) {
        assertSameOutcome(content);
    }

    @Test
    void shouldAgreeWithTheWholeTreeRead_whenBundlesAreGeneratedAtRandom() {
        Random random = new Random(20261123);
        int accepted = 0;
        int cases = 3_000;
        for (int i = 0; i < cases; i++) {
            if (assertSameOutcome(RandomBundles.bundle(random))) {
                accepted++;
            }
        }
        // Both paths are exercised: many generated Bundles ingest, many are rejected.
        assertThat(accepted).isBetween(cases / 10, cases - cases / 10);
    }

    @Test
    void shouldCollectTheReferencesCollectReferencesFinds_whenValidating() throws Exception {
        byte[] sample = Harness.sample("synthea-patient-1.json");
        JsonNode bundle = json.read(sample, 0, sample.length);
        for (JsonNode entry : bundle.path("entry")) {
            Set<String> expected = new LinkedHashSet<>();
            PatientRecords.collectReferences(entry.path("resource"), expected);
            Set<String> collected = new LinkedHashSet<>();
            validator.validate(entry.path("resource"), collected);
            assertThat(new ArrayList<>(collected)).isEqualTo(new ArrayList<>(expected));
        }
    }
}
