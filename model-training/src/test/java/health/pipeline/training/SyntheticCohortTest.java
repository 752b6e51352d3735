package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticCohortTest {

    @Test
    void sameSeedGivesSameCsvAndFingerprint() {
        String a = SyntheticCohort.toCanonicalCsv(SyntheticCohort.generate(42L, 2_000));
        String b = SyntheticCohort.toCanonicalCsv(SyntheticCohort.generate(42L, 2_000));
        String c = SyntheticCohort.toCanonicalCsv(SyntheticCohort.generate(43L, 2_000));
        assertThat(a).isEqualTo(b);
        assertThat(SyntheticCohort.fingerprint(a)).isEqualTo(SyntheticCohort.fingerprint(b))
                .isNotEqualTo(SyntheticCohort.fingerprint(c)).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void canonicalCsvRoundTrips() {
        String csv = SyntheticCohort.toCanonicalCsv(SyntheticCohort.generate(7L, 500));
        assertThat(csv).startsWith("respiratory_rate,oxygen_saturation,systolic_bp,heart_rate,temperature,gender,age_band,label\n")
                .doesNotContain("\r");
        assertThat(SyntheticCohort.toCanonicalCsv(SyntheticCohort.parseCanonicalCsv(csv))).isEqualTo(csv);
    }

    @Test
    void defaultCohortIsPlausibleAndMatchesCommittedManifest() throws Exception {
        List<SyntheticCohort.Row> rows = SyntheticCohort.generate(SyntheticCohort.DEFAULT_SEED, SyntheticCohort.DEFAULT_ROWS);
        assertThat(rows).hasSize(20_000);
        for (SyntheticCohort.Row r : rows) {
            for (VitalFeature f : VitalFeature.ALL) {
                assertThat(r.get(f)).as(f.name()).isBetween(f.validMin(), f.validMax());
            }
        }
        double prevalence = rows.stream().filter(SyntheticCohort.Row::deteriorated).count() / (double) rows.size();
        assertThat(prevalence).isBetween(0.08, 0.30);

        // Deteriorated rows really are physiologically worse on average.
        double rrDet = rows.stream().filter(SyntheticCohort.Row::deteriorated)
                .mapToDouble(r -> r.get(VitalFeature.RESPIRATORY_RATE)).average().orElseThrow();
        double rrStable = rows.stream().filter(r -> !r.deteriorated())
                .mapToDouble(r -> r.get(VitalFeature.RESPIRATORY_RATE)).average().orElseThrow();
        assertThat(rrDet).isGreaterThan(rrStable + 2);

        String fingerprint = SyntheticCohort.fingerprint(SyntheticCohort.toCanonicalCsv(rows));
        var manifest = new ObjectMapper().readTree(
                SamplePaths.models().resolve("deterioration-risk/1.0.0/manifest.json").toFile());
        assertThat(manifest.path("training").path("dataFingerprint").asText()).isEqualTo(fingerprint);
        assertThat(manifest.path("training").path("rows").asInt()).isEqualTo(rows.size());
        assertThat(manifest.path("training").path("seed").asLong()).isEqualTo(SyntheticCohort.DEFAULT_SEED);
    }
}
