package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreMetricsTest {

    @Test
    void shouldCountTiesAsOneHalf_whenComputingAuroc() {
        // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.5=0.5 -> 1/2) (0.5>0.1) = 3.5 / 4
        double auroc = ScoreMetrics.auroc(new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {true, true, false, false});
        assertThat(auroc).isEqualTo(0.875);
    }

    @Test
    void shouldGiveAlertRatePpvAndSensitivity_whenAlertingAtAThreshold() {
        var point = ScoreMetrics.alertPoint(new double[] {7, 5, 3, 6, 1}, new boolean[] {true, false, true, true, false}, 5);
        assertThat(point.alertRate()).isEqualTo(0.6);
        assertThat(point.ppv()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(point.sensitivity()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void shouldBinProbabilitiesAndMeasureTheGap_whenComputingCalibration() {
        var bins = ScoreMetrics.calibration(new double[] {0.05, 0.05, 0.95, 0.95}, new boolean[] {false, false, true, false});
        assertThat(bins).hasSize(2);
        assertThat(bins.get(1).observed()).isEqualTo(0.5);
        assertThat(ScoreMetrics.expectedCalibrationError(bins)).isCloseTo((2 * 0.05 + 2 * 0.45) / 4, within(1e-12));
    }
}
