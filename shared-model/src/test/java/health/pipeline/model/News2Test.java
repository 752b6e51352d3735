package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import health.pipeline.model.scores.News2;
import health.pipeline.model.scores.Qsofa;
import health.pipeline.model.scores.VitalSigns;

/** Boundaries from the Royal College of Physicians' NEWS2 chart (2017) and Seymour et al. (2016) for qSOFA. */
class News2Test {

    private static VitalSigns normal() {
        return new VitalSigns(16.0, 98.0, false, 120.0, 70.0, true, 37.0);
    }

    @ParameterizedTest(name = "respiration {0}/min scores {1}")
    @CsvSource({ "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3" })
    void shouldScoreRespirationPerChart_whenRateCrossesABand(double rate, int expected) {
        var v = new VitalSigns(rate, 98.0, false, 120.0, 70.0, true, 37.0);
        assertThat(News2.score(v).score()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "SpO2 {0}% scores {1}")
    @CsvSource({ "91,3", "92,2", "93,2", "94,1", "95,1", "96,0" })
    void shouldScoreSaturationOnScale1_whenSpo2CrossesABand(double spo2, int expected) {
        var v = new VitalSigns(16.0, spo2, false, 120.0, 70.0, true, 37.0);
        assertThat(News2.score(v).score()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "systolic {0} scores {1}")
    @CsvSource({ "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3" })
    void shouldScoreSystolicPressure_whenItCrossesABand(double sbp, int expected) {
        var v = new VitalSigns(16.0, 98.0, false, sbp, 70.0, true, 37.0);
        assertThat(News2.score(v).score()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "pulse {0} scores {1}")
    @CsvSource({ "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3" })
    void shouldScorePulse_whenItCrossesABand(double pulse, int expected) {
        var v = new VitalSigns(16.0, 98.0, false, 120.0, pulse, true, 37.0);
        assertThat(News2.score(v).score()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "temperature {0} scores {1}")
    @CsvSource({ "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2" })
    void shouldScoreTemperature_whenItCrossesABand(double celsius, int expected) {
        var v = new VitalSigns(16.0, 98.0, false, 120.0, 70.0, true, celsius);
        assertThat(News2.score(v).score()).isEqualTo(expected);
    }

    @Test
    void shouldAddThreeForNewConfusionAndTwoForOxygen_whenPresent() {
        var v = new VitalSigns(16.0, 98.0, true, 120.0, 70.0, false, 37.0);
        assertThat(News2.score(v).score()).isEqualTo(5);
    }

    @Test
    void shouldBandRiskAsTheChartDoes_whenTotalsVary() {
        assertThat(News2.score(normal()).risk()).isEqualTo("low");
        assertThat(News2.score(new VitalSigns(16.0, 98.0, false, 120.0, 70.0, false, 37.0)).risk())
                .isEqualTo("low-medium");
        assertThat(News2.score(new VitalSigns(22.0, 93.0, true, 120.0, 70.0, true, 37.0)).risk()).isEqualTo("medium");
        var deteriorating = new VitalSigns(28.0, 89.0, false, 92.0, 128.0, false, 38.9);
        assertThat(News2.score(deteriorating).score()).isEqualTo(3 + 3 + 0 + 2 + 2 + 3 + 1);
        assertThat(News2.score(deteriorating).risk()).isEqualTo("high");
    }

    @Test
    void shouldMarkIncomplete_whenAParameterIsMissing() {
        var v = new VitalSigns(16.0, null, null, 120.0, 70.0, true, 37.0);
        assertThat(News2.score(v).complete()).isFalse();
        assertThat(News2.score(normal()).complete()).isTrue();
    }

    @Test
    void shouldScoreQsofaOnePointPerCriterion_whenCriteriaAreMet() {
        assertThat(Qsofa.score(normal()).score()).isZero();
        assertThat(Qsofa.score(new VitalSigns(22.0, 98.0, false, 100.0, 70.0, false, 37.0)).score()).isEqualTo(3);
        assertThat(Qsofa.score(new VitalSigns(21.0, 98.0, false, 101.0, 70.0, true, 37.0)).score()).isZero();
        assertThat(Qsofa.score(new VitalSigns(22.0, 98.0, false, 100.0, 70.0, true, 37.0)).risk()).isEqualTo("high");
    }
}
