package health.pipeline.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.scoring.drift.DriftMonitor;
import health.pipeline.scoring.drift.EmbeddedMetricFormat;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.ModelManifest;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.model.RiskModel;

/** PSI against the committed manifest's training histograms, emitted as CloudWatch embedded metric format. */
class DriftMonitorTest {
    private static RiskModel model;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EmbeddedMetricFormat emf = new EmbeddedMetricFormat(new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @BeforeAll
    static void loadModel() throws Exception {
        model = new ModelLoader(EncounterScoringTest.storeWithModels(), "models", OnnxRiskModel::new).loadActive()
                .toCompletableFuture().join();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Values drawn from each feature's training histogram (uniform within a bin), shifted by {@code shiftInStd}. */
    private static double[][] sample(ModelManifest manifest, int rows, double shiftInStd, long seed) {
        Random random = new Random(seed);
        double[][] values = new double[rows][manifest.features().size()];
        for (int f = 0; f < manifest.features().size(); f++) {
            ModelManifest.Feature feature = manifest.features().get(f);
            double[] edges = feature.baseline().edges();
            double[] shares = feature.baseline().proportions();
            for (int r = 0; r < rows; r++) {
                double u = random.nextDouble();
                int bin = 0;
                for (double c = shares[0]; u > c && bin < shares.length - 1; c += shares[++bin]) {
                    // walk the cumulative shares
                }
                double lo = bin == 0 ? edges[0] - feature.std() : edges[bin - 1];
                double hi = bin == edges.length ? edges[edges.length - 1] + feature.std() : edges[bin];
                double v = bin == 0 ? lo + (hi - lo) * random.nextDouble() : lo + (hi - lo) * random.nextDouble() * 0.999;
                values[r][f] = v + shiftInStd * feature.std();
            }
        }
        return values;
    }

    @Test
    void shouldReportNoDrift_whenLiveValuesFollowTheTrainingHistogram() throws Exception {
        var monitor = new DriftMonitor(model.manifest(), emf);
        monitor.observe(sample(model.manifest(), model.manifest().drift().window(), 0, 1));

        double share = monitor.emit();

        assertThat(share).isZero();
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo(EmbeddedMetricFormat.NAMESPACE);
        assertThat(line.path("DriftAlarm").asDouble()).isZero();
        assertThat(line.path("PSI_heart_rate").asDouble()).isLessThan(model.manifest().drift().psiThreshold());
        assertThat(line.path("Model").asText()).isEqualTo(model.manifest().name());
    }

    @Test
    void shouldRaiseTheAlarm_whenEveryFeatureShiftsByOneStandardDeviation() throws Exception {
        var monitor = new DriftMonitor(model.manifest(), emf);
        monitor.observe(sample(model.manifest(), model.manifest().drift().window(), 1.0, 2));

        double share = monitor.emit();

        assertThat(share).isEqualTo(1.0);
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.path("DriftAlarm").asDouble()).isEqualTo(1.0);
        assertThat(line.path("DriftedFeatureShare").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldEmitNothing_whenNoFeatureWindowIsFullYet() {
        var monitor = new DriftMonitor(model.manifest(), emf);
        double[][] few = sample(model.manifest(), 10, 0, 3);
        few[0][0] = Double.NaN; // an imputed value never counts

        assertThat(monitor.emit()).isNaN();
        monitor.observe(few);
        assertThat(monitor.psi()).isEmpty();
        assertThat(out.size()).isZero();
    }
}
