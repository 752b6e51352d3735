package health.pipeline.training;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The model card's plots as PNG: ROC curves of the model, NEWS2 and qSOFA, and the model's reliability diagram. */
public final class EvaluationCharts {
    public static final String ROC_FILE = "roc.png";
    public static final String CALIBRATION_FILE = "calibration.png";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private EvaluationCharts() {
    }

    public static void write(HeldOutEvaluation evaluation, Path directory) throws IOException {
        BitmapEncoder.saveBitmap(roc(evaluation), directory.resolve(ROC_FILE).toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(calibration(evaluation), directory.resolve(CALIBRATION_FILE).toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart roc(HeldOutEvaluation e) {
        XYChart chart = base("ROC on held-out synthetic cases (n = " + e.cases() + ")", "1 - specificity",
                "sensitivity");
        for (HeldOutEvaluation.Scorer s : List.of(e.model(), e.news2(), e.qsofa())) {
            XYSeries series = chart.addSeries(String.format(java.util.Locale.ROOT, "%s (AUROC %.3f)", s.name(),
                    s.auroc()), s.roc().stream().mapToDouble(ScoreMetrics.RocPoint::falsePositiveRate).toArray(),
                    s.roc().stream().mapToDouble(ScoreMetrics.RocPoint::truePositiveRate).toArray());
            series.setMarker(SeriesMarkers.NONE);
        }
        diagonal(chart, "chance");
        return chart;
    }

    static XYChart calibration(HeldOutEvaluation e) {
        XYChart chart = base("Calibration of the model (10 bins, ECE " + String.format(java.util.Locale.ROOT, "%.3f",
                e.expectedCalibrationError()) + ")", "mean predicted probability", "observed share deteriorated");
        chart.addSeries("model", e.calibration().stream().mapToDouble(ScoreMetrics.CalibrationBin::meanPredicted)
                .toArray(), e.calibration().stream().mapToDouble(ScoreMetrics.CalibrationBin::observed).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        diagonal(chart, "perfect calibration");
        return chart;
    }

    private static XYChart base(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        // Round ticks every 0.1 on both axes: left alone, XChart derives y ticks from the data (k/n fractions).
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0")
                .setXAxisTickMarkSpacingHint(50).setYAxisTickMarkSpacingHint(40);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    private static void diagonal(XYChart chart, String name) {
        XYSeries line = chart.addSeries(name, new double[] {0, 1}, new double[] {0, 1});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
    }
}
