package health.pipeline.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RiskScored;
import health.pipeline.scoring.features.RecordReader;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.model.RiskModel;
import health.pipeline.scoring.notify.EncounterScorer;

/**
 * NEWS2 and qSOFA as the notification carries them, from de-identified FHIR through feature extraction, against the
 * published tables (test resource news2-qsofa-published-table.csv: both sides of every NEWS2 chart boundary).
 * shared-model's News2Test covers the table functions; this covers which observation feeds which parameter.
 */
class BaselineWiringTest {
    private static RiskModel model;

    @BeforeAll
    static void loadModel() throws Exception {
        model = new ModelLoader(EncounterScoringTest.storeWithModels(), "models", OnnxRiskModel::new).loadActive()
                .toCompletableFuture().join();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> publishedCases() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/news2-qsofa-published-table.csv"));
        return lines.stream().filter(l -> !l.startsWith("#") && !l.startsWith("case,")).map(l -> org.junit.jupiter.params.provider.Arguments.of((Object) l.split(",")));
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @MethodSource("publishedCases")
    void shouldSendTheBaselinesOfThePublishedTables_whenAnEncounterIsScored(String[] row) {
        String ndjson = Fixtures.ward("e-1", Double.parseDouble(row[1]), Double.parseDouble(row[2]),
                Double.parseDouble(row[3]), Double.parseDouble(row[4]), row[5], Double.parseDouble(row[6]));
        var observations = RecordReader.read(ndjson.getBytes(StandardCharsets.UTF_8)).values();
        RiskScored scored = new EncounterScorer(model).score(observations.stream()
                .map(o -> new EncounterScorer.Case("p-000000000000000000000001", "ward7", o,
                        new ObjectRef("deid", "records/x.ndjson"))).toList(), "policy", Instant.EPOCH).scores().get(0);

        assertThat(scored.baselines().news2().score()).as("NEWS2 of %s", row[0]).isEqualTo(Integer.parseInt(row[7]));
        assertThat(scored.baselines().news2().risk()).as("NEWS2 risk of %s", row[0]).isEqualTo(row[8]);
        assertThat(scored.baselines().news2().complete()).isTrue();
        assertThat(scored.baselines().qsofa().score()).as("qSOFA of %s", row[0]).isEqualTo(Integer.parseInt(row[9]));
    }
}
