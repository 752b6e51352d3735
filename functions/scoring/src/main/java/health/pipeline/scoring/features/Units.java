package health.pipeline.scoring.features;

/** Unit normalisation to the model's UCUM units. */
final class Units {
    private Units() {
    }

    static Measurement normalise(double value, String unit, String time) {
        return switch (unit) {
            case "[degF]", "degF", "°F" -> new Measurement((value - 32) * 5 / 9, "Cel", time);
            case "K" -> new Measurement(value - 273.15, "Cel", time);
            case "1" -> value <= 1.0 ? new Measurement(value * 100, "%", time) : new Measurement(value, "%", time);
            case "{beats}/min", "beats/min", "/min", "{breaths}/min", "breaths/min" -> new Measurement(value, "/min", time);
            case "mmHg", "mm Hg" -> new Measurement(value, "mm[Hg]", time);
            case "degC", "°C" -> new Measurement(value, "Cel", time);
            default -> new Measurement(value, unit, time);
        };
    }
}
